#include "runner/timeline_recorder.h"

#include "runner/event_facts.h"

namespace armada::runner {

void TimelineRecorder::OnEvent(const api::EventMessage& event,
                               std::chrono::system_clock::time_point received) {
  const std::string job_id = JobIdOf(event);
  if (TestLog::detailed()) {
    log_.Detail("job " + job_id + " " + DescribeEvent(event));
  } else if (event.has_failed() && !event.failed().retryable()) {
    // Without -v, a failed job is the one event worth a console line.
    log_.Info("job " + job_id + " failed: " + event.failed().reason());
  }
  auto [it, inserted] = index_.try_emplace(job_id, jobs_.size());
  if (inserted) jobs_.push_back(report::JobTimeline{job_id, {}});
  jobs_[it->second].events.push_back(report::TimelineEntry{
      EventName(event), CreatedTime(event).value_or(received), EventDetails(event)});
}

std::vector<report::JobTimeline> TimelineRecorder::Timelines() const { return jobs_; }

}  // namespace armada::runner
