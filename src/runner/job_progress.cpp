#include "runner/job_progress.h"

#include <algorithm>

#include "runner/event_facts.h"

namespace armada::runner {

JobProgress::JobProgress(const JobTable& jobs, size_t planned)
    : jobs_(jobs), states_(jobs.size(), kSubmitted) {
  counts_.submitted = states_.size();
  counts_.total = std::max(planned, states_.size());
}

void JobProgress::OnSubmitted(const JobTable& /*jobs*/, uint32_t /*first*/, uint32_t end,
                              std::chrono::system_clock::time_point /*sent*/) {
  if (end <= states_.size()) return;
  states_.resize(end, kSubmitted);
  counts_.submitted = states_.size();
  counts_.total = std::max(counts_.total, states_.size());
}

void JobProgress::Mark(uint8_t& state, uint8_t bit, bool on, size_t& count) {
  if (((state & bit) != 0) == on) return;
  state ^= bit;
  on ? ++count : --count;
}

void JobProgress::OnEvent(const api::EventMessage& event,
                          std::chrono::system_clock::time_point /*received*/) {
  const uint32_t job = jobs_.Find(JobIdOf(event));
  if (job >= states_.size() || (states_[job] & kDone) != 0) return;
  uint8_t& state = states_[job];
  if (event.has_running()) Mark(state, kRunning, true, counts_.running);
  // A retried run leaves the job queued again until its next running event.
  if (event.has_failed() && event.failed().retryable()) {
    Mark(state, kRunning, false, counts_.running);
  }
  if (IsTerminal(event)) {
    Mark(state, kRunning, false, counts_.running);
    Mark(state, kDone, true, counts_.done);
  }
}

JobCounts JobProgress::counts() const { return counts_; }

}  // namespace armada::runner
