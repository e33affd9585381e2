// The results as JSON (--json), for tools: one object per test with its
// result, time, failure message, log, and every job's events with times.
//
// Shape (keys camelCase as Armada's JSON; times RFC 3339 UTC with ms):
//   {"tests": N, "passed": N, "flaky": N, "failed": N, "errors": N,
//    "skipped": N, "time": seconds,
//    "results": [{"name", "file", "queue", "jobSetId", "result" (outcome
//      name: passed, failed, error, skipped, interrupted, flaky), "time" (seconds),
//      "startedAt", "failure" (message; "" when passed), "timedOut", "log",
//      "jobs": [{"jobId", "submittedAt" (null when unknown), "end"
//        (terminal event or null), "logTail" (omitted when none),
//        "events": [{"event", "at", "detail" (omitted when none)}]}],
//      "failedAttempts" (only after --retries retried it): [{"result",
//        "failure", "jobSetId", "time", "timedOut", "log"}]}],
//    "coverage" (with --coverage only: report/coverage.h's CoverageJsonText)}
// Invalid UTF-8 in any text is replaced (U+FFFD), never an error.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/coverage.h"
#include "report/result.h"

namespace armada::report {

// coverage: the run's lifecycle coverage, or nullptr for none.
std::string RenderJson(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage = nullptr);

Status WriteJson(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage = nullptr);

}  // namespace armada::report
