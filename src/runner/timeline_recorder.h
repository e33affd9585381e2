// Records a test's job set as it arrives: logs every event (one detail line:
// job, event, details; shown with -v; without -v only a failed job's line)
// and keeps each job's timeline for the reports. (The server's store of
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
#include "runner/test_log.h"

namespace armada::runner {

class TimelineRecorder : public EventConsumer {
 public:
  explicit TimelineRecorder(TestLog& log) : log_(log) {}

  // Logs the event and appends it to its job's timeline.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  // Records when each job's batch was sent (at[i] for job_ids[i]), for the
  // benchmark's times from submission.
  void SetSubmitted(const std::vector<std::string>& job_ids,
                    const std::vector<std::chrono::system_clock::time_point>& at);

  // The timelines: jobs given to SetSubmitted in that order, then the others
  // in the order their first event arrived. Each entry is stamped with the
  // event's own creation time when it carries one. Hands them over: the
  // recorder is empty afterwards.
  std::vector<report::JobTimeline> TakeTimelines();

 private:
  // One received event. A 100 000-job test keeps half a million of these, so
  // no strings: the job and the detail text are indices into tables that
  // hold each text once (details such as "node X" repeat across jobs).
  struct Entry {
    uint32_t job;     // into job_ids_
    uint32_t detail;  // into details_; 0 is ""
    int64_t at_us;    // report::ToMicros
    uint8_t kind;     // index into EventKinds()
    bool terminal;    // IsTerminal
  };
  // Interns `text` in `table` (whose strings stay put: a deque), returning its index.
  static uint32_t Intern(std::string_view text, std::deque<std::string>& table,
                         std::unordered_map<std::string_view, uint32_t>& index);

  TestLog& log_;
  std::vector<Entry> entries_;
  std::deque<std::string> job_ids_, details_{""};
  std::unordered_map<std::string_view, uint32_t> job_index_, detail_index_{{"", 0}};
  std::vector<int64_t> submitted_us_;  // by job index; 0 unknown
};

}  // namespace armada::runner
