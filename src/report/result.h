// What one test case's run produced: the runner fills these in, the reports
// (console summary, JUnit) read them. Plain data, so reports stay independent
// of how the runner got there.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "report/outcome.h"

namespace armada::report {

// One event as a job saw it, e.g. {"failed", t, "categories [oom]"}.
struct TimelineEntry {
  std::string event;
  std::chrono::system_clock::time_point at;
  std::string detail;
};

struct JobTimeline {
  std::string job_id;
  std::vector<TimelineEntry> events;
};

struct TestResult {
  std::string name, file, queue, job_set_id;
  Outcome outcome = Outcome::kSkipped;
  std::string message;  // why it did not pass: what failed, why it could not or did not run
  // kFailed because the test's own timeout came first (not an expectation
  // that broke): the pushgateway's test_timeout rather than test_failure.
  bool timed_out = false;
  // When the test started (wall clock), for the pushgateway's start and
  // finish times (start + elapsed_seconds).
  std::chrono::system_clock::time_point started_at;
  double elapsed_seconds = 0;
  std::string log;  // the test's log lines, newline-separated
  std::vector<JobTimeline> jobs;
};

// A job's timeline as text, one event per line with its offset from the
// job's first event: "  +1.204s failed categories [oom]".
std::string FormatTimeline(const JobTimeline& job);

}  // namespace armada::report
