// The results as JSON (--json), for tools: one object per test with its
// result, time, failure message, log, and every job's events with times.
//
// Shape (keys camelCase as Armada's JSON; times RFC 3339 UTC with ms):
//   {"tests": N, "passed": N, "flaky": N, "failed": N, "errors": N,
//    "skipped": N, "time": seconds,
//    "run" (when the caller knows it: run_info.h): {"tool", "version",
//      "startedAt", "endedAt", "target", "generation" (null when unknown),
//      "commandLine", "hostname"},
//    "results": [{"name", "file", "queue", "jobSetId", "result" (outcome
//      name: passed, failed, error, skipped, interrupted, flaky), "time" (seconds),
//      "startedAt", "failure" (message; "" when passed), "timedOut", "log",
//      "categories" (the distinct failure categories of its failed events,
//        either generation's, sorted; [] for none),
//      "jobs": [{"jobId", "submittedAt" (null when unknown), "end"
//        (terminal event or null), "logTail" (omitted when none),
//        "events": [{"event", "at", "detail" (the event's details as text;
//          omitted when none), and of a failed event, each only when the
//          server sent it: "reason", "categories" (list; v0.20.37-v0.20.40),
//          "failureCategory", "failureSubcategory" (v0.20.41 on),
//          "retryable" (true)}]}],
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
#include "report/run_info.h"

namespace armada::report {

// coverage: the run's lifecycle coverage, or nullptr for none; run: what is
// known of the run as a whole, or nullptr to leave "run" out.
std::string RenderJson(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage = nullptr, const RunInfo* run = nullptr);

Status WriteJson(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage = nullptr,
                 const RunInfo* run = nullptr);

}  // namespace armada::report
