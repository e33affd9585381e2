#include "cli/retries.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace armada::cli {
namespace {

bool Retryable(const report::TestResult& result) {
  return result.outcome == report::Outcome::kFailed || result.outcome == report::Outcome::kError;
}

report::FailedAttempt AttemptOf(const report::TestResult& result) {
  report::FailedAttempt attempt;
  attempt.outcome = result.outcome;
  attempt.message = result.message;
  attempt.job_set_id = result.job_set_id;
  attempt.log = result.log;
  attempt.elapsed_seconds = result.elapsed_seconds;
  attempt.timed_out = result.timed_out;
  return attempt;
}

}  // namespace

runner::SuiteCase RetryOf(const runner::SuiteCase& test, int attempt) {
  runner::SuiteCase retry = test;
  retry.spec.set_job_set_id(test.spec.job_set_id() + "-a" + std::to_string(attempt));
  return retry;
}

report::TestResult Combine(const std::vector<report::TestResult>& earlier,
                           report::TestResult last) {
  if (earlier.empty()) return last;
  for (const report::TestResult& attempt : earlier) {
    last.failed_attempts.push_back(AttemptOf(attempt));
  }
  const auto end = last.started_at + std::chrono::duration_cast<report::WallTime::duration>(
                                         std::chrono::duration<double>(last.elapsed_seconds));
  last.started_at = earlier.front().started_at;
  last.elapsed_seconds = std::chrono::duration<double>(end - last.started_at).count();
  if (last.outcome == report::Outcome::kPassed) {
    last.outcome = report::Outcome::kFlaky;
    last.message = "passed on attempt " + std::to_string(earlier.size() + 1) + " after " +
                   std::to_string(earlier.size()) + " that did not; attempt 1: " +
                   std::string(report::InfoOf(earlier.front().outcome).name) + ": " +
                   earlier.front().message;
  }
  return last;
}

std::vector<report::TestResult> RunWithRetries(const std::vector<runner::SuiteCase>& cases,
                                               int retries, const StopSignal& stop,
                                               const RunAttempt& run) {
  std::vector<size_t> all(cases.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::vector<report::TestResult> results = run(cases, all);
  // Per test, its attempts that did not pass, oldest first.
  std::vector<std::vector<report::TestResult>> earlier(cases.size());
  for (int attempt = 2; attempt <= retries + 1 && !stop.stopped(); ++attempt) {
    std::vector<runner::SuiteCase> again;
    std::vector<size_t> indices;
    for (size_t i = 0; i < results.size(); ++i) {
      if (!Retryable(results[i])) continue;
      spdlog::info("{}: retrying ({} of {} attempts), in a fresh job set, after: {}",
                   cases[i].spec.name(), attempt, retries + 1, results[i].message);
      earlier[i].push_back(std::move(results[i]));
      again.push_back(RetryOf(cases[i], attempt));
      indices.push_back(i);
    }
    if (again.empty()) break;
    std::vector<report::TestResult> retried = run(again, indices);
    for (size_t k = 0; k < indices.size(); ++k) results[indices[k]] = std::move(retried[k]);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Combine(earlier[i], std::move(results[i]));
  }
  return results;
}

}  // namespace armada::cli
