#include "runner/duplicate_events.h"

#include "runner/event_facts.h"

namespace armada::runner {

bool DuplicateEvents::IsRepeat(const api::EventMessage& event) {
  std::string job_id = JobIdOf(event);
  if (job_id.empty()) return false;
  if (!event.has_preempted()) {
    if (!last_was_preempted_.empty()) last_was_preempted_.erase(job_id);
    return false;
  }
  return !last_was_preempted_.insert(std::move(job_id)).second;
}

}  // namespace armada::runner
