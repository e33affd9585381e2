// Records a test's job set as it arrives: logs every event (one detail line:
// job, event, details, stamped with the time the server created the event,
// else the time it arrived; shown with -v; without -v only a failed job's
// line) and keeps each job's timeline for the reports. (The server's store of
// events is localstack's EventLog; this is the client's record of what it saw.)
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/result.h"
#include "runner/event_fanout.h"
#include "runner/job_table.h"
#include "runner/per_test_log.h"

namespace armada::runner {

class TimelineRecorder : public EventConsumer {
 public:
  // Numbers jobs by `jobs`, interning there the jobs of events that were not
  // in it. `jobs` must outlive this.
  TimelineRecorder(TestLog& log, JobTable& jobs) : log_(log), jobs_(jobs) {}

  // Logs the event and appends it to its job's timeline.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  // Records when the batch of the jobs numbered [first, end) was sent, for
  // the benchmark's times from submission.
  void OnSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                   std::chrono::system_clock::time_point sent) override;

  // The timelines, in the order of the jobs' numbers: the table's jobs as it
  // was given (the submitted ones), then the others in the order their
  // first event arrived. Each entry is stamped with the
  // event's own creation time when it carries one. Hands them over: the
  // recorder is empty afterwards.
  std::vector<report::JobTimeline> TakeTimelines();

 private:
  // One received event, 16 bytes. A 100 000-job test keeps half a million
  // of these, so no strings: the job and the detail text are numbers into
  // tables that hold each text once (details such as "node X" repeat across
  // jobs).
  struct Entry {
    int64_t at_us;          // report::ToMicros
    uint32_t job;           // in jobs_
    uint32_t detail : 24;   // into details_; 0 is ""
    uint32_t kind : 7;      // index into EventKinds()
    uint32_t terminal : 1;  // IsTerminal
  };
  // Details past this many distinct texts are shown as kTooManyDetails.
  static constexpr uint32_t kMaxDetails = (1u << 24) - 2;
  // Interns `text` in `table` (whose strings stay put: a deque), returning its index.
  static uint32_t Intern(std::string_view text, std::deque<std::string>& table,
                         std::unordered_map<std::string_view, uint32_t>& index);

  TestLog& log_;
  JobTable& jobs_;
  // A deque: it grows by small blocks, where a vector would double and copy
  // (its peak, old and new buffer at once, 24 bytes an event rather than 16;
  // and the freed buffers stay in the allocator's arena).
  std::deque<Entry> entries_;
  std::deque<std::string> details_{""};
  std::unordered_map<std::string_view, uint32_t> detail_index_{{"", 0}};
  std::vector<int64_t> submitted_us_;  // by job number; 0 unknown
};

}  // namespace armada::runner
