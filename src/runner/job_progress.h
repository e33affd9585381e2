// Where a test's jobs are in their lives: how many of those planned were
// submitted (accepted by the server), are running, have ended. Feeds the live
// status line and tells the test when no job is active any more.
//
// Contract: counts cover only the test's own jobs (those in the table at
// construction and those OnSubmitted adds) and count each job once, whatever
// duplicates the stream carries. A job counts as submitted once the server
// accepted its batch, not at its first event. A job has ended at its
// terminal event (IsTerminal); a preempted job ends at the failed event that
// follows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runner/event_fanout.h"
#include "runner/job_table.h"

namespace armada::runner {

struct JobCounts {
  size_t total = 0;  // planned: numBatches x batchSize x jobs
  size_t submitted = 0;
  size_t running = 0;
  size_t done = 0;
};

class JobProgress : public EventConsumer {
 public:
  // Tracks the jobs in `jobs` now (submitted already) and those OnSubmitted
  // adds; jobs interned otherwise are not the test's. total is `planned`, or
  // the jobs tracked when more. `jobs` must outlive this.
  explicit JobProgress(const JobTable& jobs, size_t planned = 0);

  // Moves the event's job along.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;
  // Tracks the jobs numbered [first, end) as submitted.
  void OnSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                   std::chrono::system_clock::time_point sent) override;

  JobCounts counts() const;
  // Every job submitted so far has ended.
  bool all_done() const { return counts_.done == states_.size(); }

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
