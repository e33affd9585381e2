#include "report/result.h"

#include <cstdio>
#include <ctime>

#include "api/event_names.h"

namespace armada::report {

int64_t ToMicros(WallTime at) {
  return std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
}

WallTime FromMicros(int64_t micros) {
  return WallTime(
      std::chrono::duration_cast<WallTime::duration>(std::chrono::microseconds(micros)));
}

void JobTimeline::Add(uint8_t kind, WallTime at, bool terminal, std::string detail) {
  TimelineEntry entry;
  entry.at_us = ToMicros(at);
  entry.kind = kind;
  entry.terminal = terminal;
  if (!detail.empty() && details.size() < TimelineEntry::kNoDetail) {
    entry.detail = static_cast<uint16_t>(details.size());
    details.push_back(std::move(detail));
  }
  events.push_back(entry);
}

std::string_view JobTimeline::EventName(size_t i) const {
  return EventKinds().at(events.at(i).kind).camel;
}

std::string_view JobTimeline::Detail(size_t i) const {
  const uint16_t d = events.at(i).detail;
  return d == TimelineEntry::kNoDetail ? std::string_view() : std::string_view(details.at(d));
}

std::string_view JobTimeline::End() const {
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].terminal) return EventName(i);
  }
  return {};
}

std::string FormatTimeline(const JobTimeline& job) {
  std::string out = "job " + job.job_id + "\n";
  if (job.events.empty()) {
    out += "  (no events)\n";
  }
  for (size_t i = 0; i < job.events.size(); ++i) {
    const double offset = (job.events[i].at_us - job.events.front().at_us) / 1e6;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "  +%.3fs ", offset);
    out += stamp;
    out += job.EventName(i);
    if (const std::string_view detail = job.Detail(i); !detail.empty()) {
      out += " ";
      out += detail;
    }
    out += "\n";
  }
  if (!job.log_tail.empty()) {
    out += "  log (last lines):\n";
    size_t start = 0;
    while (start < job.log_tail.size()) {
      size_t end = job.log_tail.find('\n', start);
      if (end == std::string::npos) end = job.log_tail.size();
      out += "    | " + job.log_tail.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

std::string FormatWallTime(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000 - (micros % 1000000 < 0));
  const int millis = static_cast<int>(((micros % 1000000) + 1000000) % 1000000 / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  // Room for any int year: the compiler cannot bound tm_year.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace armada::report
