// Where a test's jobs are in their lives: how many were submitted, are
// running, have ended. Feeds the live status line and tells the test when no
// job is active any more.
//
// Contract: counts cover only the test's own jobs and count each job once,
// whatever duplicates the stream carries. A job has ended at its terminal
// event (IsTerminal); a preempted job ends at the failed event that follows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runner/event_fanout.h"
#include "runner/job_table.h"

namespace armada::runner {

struct JobCounts {
  size_t total = 0;
  size_t submitted = 0;
  size_t running = 0;
  size_t done = 0;
};

class JobProgress : public EventConsumer {
 public:
  // Tracks the jobs in `jobs` now (the test's submitted jobs); jobs
  // interned later are not the test's. `jobs` must outlive this.
  explicit JobProgress(const JobTable& jobs);

  // Moves the event's job along.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  JobCounts counts() const;
  // Every job has ended.
  bool all_done() const { return counts_.done == counts_.total; }

 private:
  // Where a job is, as bits (a 100 000-job test keeps one byte per job,
  // by its number in the JobTable, not one string per state).
  enum : uint8_t { kSubmitted = 1, kRunning = 2, kDone = 4 };
  // Sets or clears `bit` of `state`, keeping `count` (jobs with it) right.
  static void Mark(uint8_t& state, uint8_t bit, bool on, size_t& count);

  const JobTable& jobs_;
  std::vector<uint8_t> states_;  // by job number
  JobCounts counts_;
};

}  // namespace armada::runner
