// What one test case's run produced: the runner fills these in, every report
// (console summary, JUnit, JSON, HTML, CI step summary, benchmark) reads
// them. Plain data, so reports stay independent of how the runner got there.
//
// Memory: a job's timeline is kept for every job of every test until the
// run ends (100 000 jobs in a load test), so it is compact: an event is 16
// bytes (its kind as an index into armada::EventKinds(), its time as
// microseconds), and only the events that carry details (a failed event's
// reason and categories) store a string.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "report/failure_kind.h"
#include "report/outcome.h"

namespace armada::report {

using WallTime = std::chrono::system_clock::time_point;

// Microseconds since the Unix epoch, and back.
int64_t ToMicros(WallTime at);
WallTime FromMicros(int64_t micros);

// One event as a job saw it.
struct TimelineEntry {
  static constexpr uint16_t kNoDetail = 0xFFFF;
  int64_t at_us = 0;            // the event's created time, else when it arrived
  uint16_t detail = kNoDetail;  // index into JobTimeline::details
  uint8_t kind = 0;             // index into armada::EventKinds()
  bool terminal = false;        // the job does nothing more (runner's IsTerminal)
};

struct JobTimeline {
  std::string job_id;
  // When the runner sent the batch holding this job; 0 when unknown.
  int64_t submitted_us = 0;
  std::vector<TimelineEntry> events;
  std::vector<std::string> details;  // of the events that carry any
  // The last lines of the job's log, when the test asked for logs
  // (getLogs) and the job failed; empty otherwise.
  std::string log_tail;

  // Appends an event. REQUIRES: kind < armada::EventKinds().size().
  void Add(uint8_t kind, WallTime at, bool terminal, std::string detail);
  // The camelCase name of events[i], e.g. "leaseReturned".
  std::string_view EventName(size_t i) const;
  // The details of events[i]; "" when it has none.
  std::string_view Detail(size_t i) const;
  // The name of the job's first terminal event ("succeeded", "failed", ...),
  // or "" when the job had not ended.
  std::string_view End() const;
};

// A test's job timelines, made once (by the run that recorded them, or a
// report reader) and then only read. Copies share them: the CLI keeps a
// copy of each finished test's result for the reports a second signal
// writes (cli/run_reports.h FinishedResults) while the run keeps its own,
// and a load test's timelines are most of the runner's memory (bench/,
// bytes_per_job). Reading from several threads is safe.
class JobTimelines {
 public:
  JobTimelines() = default;
  JobTimelines(std::vector<JobTimeline> jobs)  // NOLINT: implicit, as the vector it holds
      : jobs_(std::make_shared<const std::vector<JobTimeline>>(std::move(jobs))) {}
  JobTimelines(std::initializer_list<JobTimeline> jobs)
      : JobTimelines(std::vector<JobTimeline>(jobs)) {}

  const JobTimeline* begin() const { return empty() ? nullptr : jobs_->data(); }
  const JobTimeline* end() const { return begin() + size(); }
  size_t size() const { return jobs_ ? jobs_->size() : 0; }
  bool empty() const { return size() == 0; }
  // REQUIRES: i < size().
  const JobTimeline& operator[](size_t i) const { return (*jobs_)[i]; }

 private:
  std::shared_ptr<const std::vector<JobTimeline>> jobs_;
};

// An attempt of a test (--retries) that did not pass, before the attempt
// whose result holds it.
struct FailedAttempt {
  Outcome outcome = Outcome::kFailed;  // kFailed or kError
  std::string message, job_set_id, log;
  double elapsed_seconds = 0;
  bool timed_out = false;
};

struct TestResult {
  std::string name, file, queue, job_set_id;
  Outcome outcome = Outcome::kSkipped;
  std::string message;  // why it did not pass: what failed, why it could not or did not run
  // kFailed because the test's own timeout came first (not an expectation
  // that broke).
  bool timed_out = false;
  // What broke, for a test that did not pass (kOther unless an expected
  // event's check said), and the server generation the test's failed events
  // showed: the pushgateway's split of failures (failure_kind.h).
  FailureKind failure_kind = FailureKind::kNone;
  ServerGeneration generation_seen = ServerGeneration::kUnknown;
  // When the test started (wall clock), for the pushgateway's start and
  // finish times (start + elapsed_seconds).
  WallTime started_at;
  double elapsed_seconds = 0;
  std::string log;  // the test's log lines, newline-separated
  JobTimelines jobs;
  // With --retries: the earlier attempts that did not pass, oldest first
  // (this result is the last attempt's; kFlaky when it passed).
  std::vector<FailedAttempt> failed_attempts;
};

// A job's timeline as text, one event per line with its offset from the
// job's first event: "  +1.204s failed categories [oom]", then its log tail.
std::string FormatTimeline(const JobTimeline& job);

// An RFC 3339 UTC time with milliseconds, e.g. "2026-11-30T14:52:58.123Z".
std::string FormatWallTime(int64_t micros);

}  // namespace armada::report
