// The end-of-run console summary, in the shape of Armada's testsuite: a table
// of test, result, elapsed and job set, then the counts.
#pragma once

#include <ostream>
#include <vector>

#include "report/result.h"

namespace armada::report {

// Prints the summary table, the reasons of the tests that did not pass (one
// line per distinct reason, naming its tests), and the closing counts,
// ending with one "N passed, N failed, N errors, N skipped" line that CI log
// readers recognise.
void PrintSummary(std::ostream& out, const std::vector<TestResult>& results, double total_seconds);

}  // namespace armada::report
