#include "runner/timeline_recorder.h"

#include "api/event_names.h"
#include "runner/event_facts.h"

namespace armada::runner {

void TimelineRecorder::OnEvent(const api::EventMessage& event,
                               std::chrono::system_clock::time_point received) {
  const std::string job_id = JobIdOf(event);
  if (TestLog::detailed()) log_.Detail("job " + job_id + " " + DescribeEvent(event));
  const EventKind* kind = EventKindOf(event);
  if (kind == nullptr) return;  // no event set: nothing a timeline can show
  auto [it, inserted] = index_.try_emplace(job_id, jobs_.size());
  if (inserted) {
    jobs_.push_back(report::JobTimeline{});
    jobs_.back().job_id = job_id;
    if (auto submitted = submitted_at_.find(job_id); submitted != submitted_at_.end()) {
      jobs_.back().submitted_us = report::ToMicros(submitted->second);
    }
  }
  jobs_[it->second].Add(static_cast<uint8_t>(kind - EventKinds().data()),
                        CreatedTime(event).value_or(received), IsTerminal(event),
                        EventDetails(event));
}

void TimelineRecorder::SetSubmitted(const std::vector<std::string>& job_ids,
                                    const std::vector<std::chrono::system_clock::time_point>& at) {
  for (size_t i = 0; i < job_ids.size() && i < at.size(); ++i) {
    submitted_at_[job_ids[i]] = at[i];
    if (auto known = index_.find(job_ids[i]); known != index_.end()) {
      jobs_[known->second].submitted_us = report::ToMicros(at[i]);
    }
  }
}

std::vector<report::JobTimeline> TimelineRecorder::TakeTimelines() { return std::move(jobs_); }

}  // namespace armada::runner
