// Where a test's jobs are in their lives: how many were submitted, are
// running, have ended. Feeds the live status line and tells the test when no
// job is active any more.
//
// Contract: counts cover only the test's own jobs and count each job once,
// whatever duplicates the stream carries. A job has ended at its terminal
// event (IsTerminal); a preempted job ends at the failed event that follows.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "runner/event_fanout.h"

namespace armada::runner {

struct JobCounts {
  size_t total = 0;
  size_t submitted = 0;
  size_t running = 0;
  size_t done = 0;
};

class JobProgress : public EventConsumer {
 public:
  explicit JobProgress(const std::vector<std::string>& job_ids);

  // Moves the event's job along.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  JobCounts counts() const;
  // Every job has ended.
  bool all_done() const { return done_.size() == job_ids_.size(); }

 private:
  const std::set<std::string> job_ids_;
  std::set<std::string> submitted_, running_, done_;
};

}  // namespace armada::runner
