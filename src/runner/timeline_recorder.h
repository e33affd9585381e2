// Records a test's job set as it arrives: logs every event (one detail line:
// job, event, details; shown with -v) and keeps each job's timeline for the reports. (The
// server's store of events is localstack's EventLog; this is the client's
// record of what it saw.)
#pragma once

#include <map>
#include <string>
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

  // The timelines, jobs in the order their first event arrived, moved out
  // (the recorder is empty afterwards). Each entry is stamped with the
  // event's own creation time when it carries one.
  std::vector<report::JobTimeline> TakeTimelines();

 private:
  TestLog& log_;
  std::vector<report::JobTimeline> jobs_;
  std::map<std::string, size_t> index_;
  std::map<std::string, std::chrono::system_clock::time_point> submitted_at_;
};

}  // namespace armada::runner
