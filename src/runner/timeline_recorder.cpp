#include "runner/timeline_recorder.h"

#include "api/event_names.h"
#include "runner/event_facts.h"

namespace armada::runner {
namespace {

constexpr std::string_view kTooManyDetails = "(details not kept: too many distinct ones)";

}  // namespace

uint32_t TimelineRecorder::Intern(std::string_view text, std::deque<std::string>& table,
                                  std::unordered_map<std::string_view, uint32_t>& index) {
  const auto found = index.find(text);
  if (found != index.end()) return found->second;
  // Past the cap one more text, the marker, still fits in Entry::detail.
  if (table.size() >= kMaxDetails && text != kTooManyDetails) {
    return Intern(kTooManyDetails, table, index);
  }
  const auto id = static_cast<uint32_t>(table.size());
  table.emplace_back(text);
  index.emplace(table.back(), id);
  return id;
}

void TimelineRecorder::OnEvent(const api::EventMessage& event,
                               std::chrono::system_clock::time_point received) {
  const std::string job_id = JobIdOf(event);
  const auto at = CreatedTime(event).value_or(received);
  if (TestLog::detailed()) {
    log_.Detail("job " + job_id + " " + DescribeEvent(event), at);
  } else if (event.has_failed() && !event.failed().retryable()) {
    // Without -v, a failed job is the one event worth a console line.
    log_.Info("job " + job_id + " failed: " + event.failed().reason());
  }
  const EventKind* kind = EventKindOf(event);
  if (kind == nullptr) return;  // no event set: nothing a timeline can show
  static_assert(sizeof(Entry) == 16);
  Entry entry{};
  entry.at_us = report::ToMicros(at);
  entry.job = jobs_.Intern(job_id);
  entry.detail = Intern(EventDetails(event), details_, detail_index_);
  entry.kind = static_cast<uint32_t>(kind - EventKinds().data());
  entry.terminal = IsTerminal(event);
  entries_.push_back(entry);
}

void TimelineRecorder::OnSubmitted(const JobTable& /*jobs*/, uint32_t first, uint32_t end,
                                   std::chrono::system_clock::time_point sent) {
  if (submitted_us_.size() < end) submitted_us_.resize(end, 0);
  for (uint32_t i = first; i < end; ++i) submitted_us_[i] = report::ToMicros(sent);
}

std::vector<report::JobTimeline> TimelineRecorder::TakeTimelines() {
  detail_index_.clear();
  std::vector<report::JobTimeline> jobs(jobs_.size());
  std::vector<uint32_t> events_per_job(jobs_.size());
  for (const Entry& e : entries_) ++events_per_job[e.job];
  for (size_t i = 0; i < jobs.size(); ++i) {
    jobs[i].job_id = jobs_.id(static_cast<uint32_t>(i));
    jobs[i].submitted_us = i < submitted_us_.size() ? submitted_us_[i] : 0;
    jobs[i].events.reserve(events_per_job[i]);
  }
  events_per_job = {};
  for (const Entry& e : entries_) {
    jobs[e.job].Add(static_cast<uint8_t>(e.kind), report::FromMicros(e.at_us), e.terminal,
                    details_[e.detail]);
  }
  entries_ = {};
  submitted_us_ = {};
  details_ = {""};
  detail_index_ = {{"", 0}};
  return jobs;
}

}  // namespace armada::runner
