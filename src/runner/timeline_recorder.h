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

  // The timelines, jobs in the order their first event arrived. Each entry is
  // stamped with the event's own creation time when it carries one.
  std::vector<report::JobTimeline> Timelines() const;

 private:
  TestLog& log_;
  std::vector<report::JobTimeline> jobs_;
  std::map<std::string, size_t> index_;
};

}  // namespace armada::runner
