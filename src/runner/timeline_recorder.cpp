#include "runner/timeline_recorder.h"

#include "api/event_names.h"
#include "runner/event_facts.h"

namespace armada::runner {

uint32_t TimelineRecorder::Intern(std::string_view text, std::deque<std::string>& table,
                                  std::unordered_map<std::string_view, uint32_t>& index) {
  const auto found = index.find(text);
  if (found != index.end()) return found->second;
  const auto id = static_cast<uint32_t>(table.size());
  table.emplace_back(text);
  index.emplace(table.back(), id);
  return id;
}

void TimelineRecorder::OnEvent(const api::EventMessage& event,
                               std::chrono::system_clock::time_point received) {
  const std::string job_id = JobIdOf(event);
  if (TestLog::detailed()) {
    log_.Detail("job " + job_id + " " + DescribeEvent(event));
  } else if (event.has_failed() && !event.failed().retryable()) {
    // Without -v, a failed job is the one event worth a console line.
    log_.Info("job " + job_id + " failed: " + event.failed().reason());
  }
  const EventKind* kind = EventKindOf(event);
  if (kind == nullptr) return;  // no event set: nothing a timeline can show
  entries_.push_back(Entry{Intern(job_id, job_ids_, job_index_),
                           Intern(EventDetails(event), details_, detail_index_),
                           report::ToMicros(CreatedTime(event).value_or(received)),
                           static_cast<uint8_t>(kind - EventKinds().data()), IsTerminal(event)});
}

void TimelineRecorder::SetSubmitted(const std::vector<std::string>& job_ids,
                                    const std::vector<std::chrono::system_clock::time_point>& at) {
  for (size_t i = 0; i < job_ids.size() && i < at.size(); ++i) {
    const uint32_t job = Intern(job_ids[i], job_ids_, job_index_);
    if (submitted_us_.size() <= job) submitted_us_.resize(job + 1, 0);
    submitted_us_[job] = report::ToMicros(at[i]);
  }
}

std::vector<report::JobTimeline> TimelineRecorder::TakeTimelines() {
  job_index_.clear();
  detail_index_.clear();
  std::vector<report::JobTimeline> jobs(job_ids_.size());
  std::vector<uint32_t> events_per_job(job_ids_.size());
  for (const Entry& e : entries_) ++events_per_job[e.job];
  for (size_t i = 0; i < jobs.size(); ++i) {
    jobs[i].job_id = std::move(job_ids_[i]);
    jobs[i].submitted_us = i < submitted_us_.size() ? submitted_us_[i] : 0;
    jobs[i].events.reserve(events_per_job[i]);
  }
  for (const Entry& e : entries_) {
    jobs[e.job].Add(e.kind, report::FromMicros(e.at_us), e.terminal, details_[e.detail]);
  }
  entries_ = {};
  job_ids_.clear();
  submitted_us_ = {};
  details_ = {""};
  detail_index_ = {{"", 0}};
  return jobs;
}

}  // namespace armada::runner
