// The one table of event names: every member of api::EventMessage's `events`
// oneof with its spellings and the facts every unit asks about it. The
// loader, the test-case checks, the action trigger, the assertions and the
// messages all read it, so they cannot disagree about a name.
//
// Contract:
// - The table lists each oneof member once, in field-number order, and no
//   other name (event_names_test checks it against the descriptor).
// - camel is the canonical spelling: test cases are read with either
//   spelling and rewritten to camel, and messages print camel.
// - terminal: the job does nothing more after it (a failed event only when
//   not retryable: see IsTerminal in runner/event_facts.h).
// - may_trigger: every job shows it on its way to running, so a test may
//   wait for it before acting (triggerEvent); the others are shown by only
//   some jobs, or after the job could still be acted on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/event.pb.h"

namespace armada {

struct EventKind {
  api::EventMessage::EventsCase oneof_case;
  std::string_view snake;  // the proto field name, e.g. lease_returned
  std::string_view camel;  // the JSON name, e.g. leaseReturned; canonical
  bool terminal;
  bool may_trigger;
};

// Every event kind, in field-number order.
const std::vector<EventKind>& EventKinds();

// The kind spelled name (either spelling); nullptr when none is.
const EventKind* FindEventKind(std::string_view name);

// The kind of the event set in event; nullptr when none is set.
const EventKind* EventKindOf(const api::EventMessage& event);

// The canonical name of the event set in event, e.g. "leaseReturned"; ""
// when none is set.
std::string EventName(const api::EventMessage& event);

// The job_id every job event carries; "" when no event is set.
std::string JobIdOf(const api::EventMessage& event);

// Every accepted spelling: the camel names, then the snake names that
// differ, for suggestions and lists in messages.
const std::vector<std::string>& EventNameSpellings();

// The camel names of the kinds that may trigger an action, comma-separated,
// for messages.
const std::string& TriggerEventList();

}  // namespace armada
