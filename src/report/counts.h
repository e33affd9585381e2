// The one count of a run's outcomes and the one line that tells it, e.g.
// "3 passed, 1 flaky, 1 failed, 0 errors, 2 skipped in 4.2s": the console
// summary's last line, the CI step summary's heading and the HTML report's
// first line say it in these words (outcome.h's names; "flaky" only when
// a test was). Interrupted tests count as skipped, as JUnit counts them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/result.h"

namespace armada::report {

struct Counts {
  size_t passed = 0, flaky = 0, failed = 0, errors = 0, skipped = 0;
};

Counts CountOutcomes(const std::vector<TestResult>& results);

// The counts as one line, ending with " in Ns" (one decimal).
std::string CountsLine(const Counts& counts, double total_seconds);

}  // namespace armada::report
