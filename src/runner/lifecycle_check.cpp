#include "runner/lifecycle_check.h"

#include "api/event_names.h"

namespace armada::runner {

LifecycleCheck::LifecycleCheck(TestLog& log) : log_(log) {}

void LifecycleCheck::OnEvent(const api::EventMessage& event,
                             std::chrono::system_clock::time_point) {
  const std::string job = JobIdOf(event);
  if (job.empty()) return;
  lifecycle::JobState& state = jobs_[job];
  const lifecycle::JobState from = state;
  const bool retryable = event.has_failed() && event.failed().retryable();
  const lifecycle::StepResult step = lifecycle::Step(&state, event.events_case(), retryable);
  if (step.repeated_preempted) {
    log_.Warn("job " + job +
              ": a second preempted event (tolerated; Armada's lifecycle doc expects one "
              "outside experimental run reconciliation)");
    return;
  }
  if (!step.violation || !failure_.empty()) return;
  failure_ = "job " + job + ": " + EventName(event) + " after " +
             std::string(lifecycle::StateName(from)) +
             " is not a transition of Armada's job lifecycle (" +
             lifecycle::RuleFor(event.events_case(), retryable, from) + ")";
  log_.Warn("lifecycle: " + failure_);
}

}  // namespace armada::runner
