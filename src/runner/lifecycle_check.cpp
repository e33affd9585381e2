#include "runner/lifecycle_check.h"

#include <initializer_list>

#include "api/event_names.h"
#include "runner/event_facts.h"

namespace armada::runner {
namespace {

template <typename T>
bool In(T value, std::initializer_list<T> set) {
  for (T member : set) {
    if (member == value) return true;
  }
  return false;
}

}  // namespace

LifecycleCheck::LifecycleCheck(TestLog& log) : log_(log) {}

const char* LifecycleCheck::NameOf(State state) {
  switch (state) {
    case State::kNone:
      return "nothing";
    case State::kSubmitted:
      return "submitted";
    case State::kQueued:
      return "queued";
    case State::kLeased:
      return "leased";
    case State::kPending:
      return "pending";
    case State::kRunning:
      return "running";
    case State::kReturned:
      return "a returned run (leaseReturned, leaseExpired or a retryable failed)";
    case State::kPreempted:
      return "preempted";
    case State::kSucceeded:
      return "succeeded";
    case State::kFailed:
      return "failed";
    case State::kCancelled:
      return "cancelled";
  }
  return "?";
}

void LifecycleCheck::OnEvent(const api::EventMessage& event,
                             std::chrono::system_clock::time_point) {
  using E = api::EventMessage;
  const std::string job = JobIdOf(event);
  if (job.empty()) return;
  State& state = jobs_[job];
  const State from = state;
  const bool terminal = In(from, {State::kSucceeded, State::kFailed, State::kCancelled});
  const bool live = In(from, {State::kLeased, State::kPending, State::kRunning});

  State to = from;
  bool legal = true;
  const char* rule = "";
  switch (event.events_case()) {
    case E::kSubmitted:
      to = State::kSubmitted;
      legal = from == State::kNone;
      rule = "submitted comes first";
      break;
    case E::kQueued:
      to = State::kQueued;
      legal = In(from, {State::kSubmitted, State::kReturned});
      rule = "queued follows submitted or a returned run";
      break;
    case E::kLeased:
      to = State::kLeased;
      legal = In(from, {State::kQueued, State::kReturned});
      rule = "leased follows queued or a returned run";
      break;
    case E::kPending:
      to = State::kPending;
      legal = from == State::kLeased;
      rule = "pending follows leased";
      break;
    case E::kRunning:
      to = State::kRunning;
      legal = from == State::kPending;
      rule = "running follows pending";
      break;
    case E::kLeaseReturned:
    case E::kLeaseExpired:
      to = State::kReturned;
      legal = live;
      rule = "a lease ends a leased, pending or running run";
      break;
    case E::kSucceeded:
      to = State::kSucceeded;
      legal = live;
      rule = "succeeded follows leased, pending or running";
      break;
    case E::kPreempted:
      if (from == State::kPreempted) {
        log_.Warn("job " + job +
                  ": a second preempted event (tolerated; Armada's lifecycle doc expects one "
                  "outside experimental run reconciliation)");
        return;
      }
      to = State::kPreempted;
      legal = In(from, {State::kPending, State::kRunning});
      rule = "preempted follows pending or running";
      break;
    case E::kFailed:
      to = event.failed().retryable() ? State::kReturned : State::kFailed;
      legal = !terminal && from != State::kNone;
      rule = "failed ends a job that has not ended";
      break;
    case E::kCancelled:
      to = State::kCancelled;
      legal = !terminal && from != State::kNone && from != State::kPreempted;
      rule = "cancelled ends a job that has not ended";
      break;
    default:
      return;  // informational: never moves a job
  }
  if (legal && from == State::kPreempted && event.events_case() != E::kFailed) {
    legal = false;
    rule = "preempted is followed by failed";
  }
  if (legal && terminal) {
    legal = false;
    rule = "a job ends once";
  }
  state = to;
  if (legal || !failure_.empty()) return;
  const EventKind* kind = EventKindOf(event);
  const std::string name = kind != nullptr ? std::string(kind->camel) : "event";
  failure_ = "job " + job + ": " + name + " after " + NameOf(from) +
             " is not a transition of Armada's job lifecycle (" + rule + ")";
  log_.Warn("lifecycle: " + failure_);
}

}  // namespace armada::runner
