#include "report/counts.h"

#include <cstdio>

namespace armada::report {

Counts CountOutcomes(const std::vector<TestResult>& results) {
  Counts counts;
  for (const TestResult& r : results) {
    switch (r.outcome) {
      case Outcome::kPassed:
        ++counts.passed;
        break;
      case Outcome::kFlaky:
        ++counts.flaky;
        break;
      case Outcome::kFailed:
        ++counts.failed;
        break;
      case Outcome::kError:
        ++counts.errors;
        break;
      case Outcome::kSkipped:
      case Outcome::kInterrupted:
        ++counts.skipped;
        break;
    }
  }
  return counts;
}

std::string CountsLine(const Counts& counts, double total_seconds) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1fs", total_seconds);
  return std::to_string(counts.passed) + " passed, " +
         (counts.flaky > 0 ? std::to_string(counts.flaky) + " flaky, " : "") +
         std::to_string(counts.failed) + " failed, " + std::to_string(counts.errors) + " errors, " +
         std::to_string(counts.skipped) + " skipped in " + seconds;
}

}  // namespace armada::report
