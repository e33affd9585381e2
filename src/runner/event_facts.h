// Facts about one api::EventMessage that the runner's units need beyond its
// name and job (EventName, JobIdOf in api/event_names.h): whether it ends the
// job, and a one-line description.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "api/event.pb.h"
#include "api/event_names.h"

namespace armada::runner {

// True for the events after which a job does nothing more: the terminal
// kinds of api/event_names.h, except a failed event that is retryable (then
// the job runs again).
bool IsTerminal(const api::EventMessage& event);

// The details a reader needs to tell events of one name apart, e.g.
// `reason "OOMKilled", categories [oom]`; "" when there are none.
std::string EventDetails(const api::EventMessage& event);

// When the server created the event; nullopt when it left `created` unset.
std::optional<std::chrono::system_clock::time_point> CreatedTime(const api::EventMessage& event);

// The event's name plus the details a reader needs to tell events apart, e.g.
// `failed (reason "OOMKilled", categories [oom])`.
std::string DescribeEvent(const api::EventMessage& event);

}  // namespace armada::runner
