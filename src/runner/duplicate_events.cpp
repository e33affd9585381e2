#include "runner/duplicate_events.h"

#include "runner/event_facts.h"

namespace armada::runner {

bool DuplicateEvents::IsRepeat(const api::EventMessage& event) {
  const std::string job_id = JobIdOf(event);
  if (job_id.empty()) return false;
  bool& last_was_preempted = last_was_preempted_[job_id];
  const bool preempted = event.has_preempted();
  const bool repeat = preempted && last_was_preempted;
  last_was_preempted = preempted;
  return repeat;
}

}  // namespace armada::runner
