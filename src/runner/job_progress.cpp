#include "runner/job_progress.h"

#include "runner/event_facts.h"

namespace armada::runner {

JobProgress::JobProgress(const std::vector<std::string>& job_ids)
    : job_ids_(job_ids.begin(), job_ids.end()) {}

void JobProgress::OnEvent(const api::EventMessage& event,
                          std::chrono::system_clock::time_point /*received*/) {
  const std::string job_id = JobIdOf(event);
  if (job_ids_.count(job_id) == 0 || done_.count(job_id) > 0) return;
  submitted_.insert(job_id);
  if (event.has_running()) running_.insert(job_id);
  // A retried run leaves the job queued again until its next running event.
  if (event.has_failed() && event.failed().retryable()) running_.erase(job_id);
  if (IsTerminal(event)) {
    running_.erase(job_id);
    done_.insert(job_id);
  }
}

JobCounts JobProgress::counts() const {
  return JobCounts{job_ids_.size(), submitted_.size(), running_.size(), done_.size()};
}

}  // namespace armada::runner
