#include "report/result.h"

#include <cstdio>

namespace armada::report {

std::string FormatTimeline(const JobTimeline& job) {
  std::string out = "job " + job.job_id + "\n";
  if (job.events.empty()) {
    return out + "  (no events)\n";
  }
  const auto start = job.events.front().at;
  for (const TimelineEntry& e : job.events) {
    double offset = std::chrono::duration<double>(e.at - start).count();
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "  +%.3fs ", offset);
    out += stamp + e.event;
    if (!e.detail.empty()) out += " " + e.detail;
    out += "\n";
  }
  return out;
}

}  // namespace armada::report
