// The end-of-run console summary, in the shape of Armada's testsuite: a table
// of test, result, elapsed and job set, then the counts, in outcome.h's
// words (where Go's runner says SUCCESS/FAILURE and Success:/Failure:).
#pragma once

#include <ostream>
#include <vector>

#include "report/result.h"

namespace armada::report {

// Prints the summary table, the reasons of the tests that did not pass (one
// entry per distinct reason, naming its tests; a reason's further lines
// indented under it, so every entry starts at column 0), and one closing
// line, counts.h's CountsLine, that CI log readers recognise.
void PrintSummary(std::ostream& out, const std::vector<TestResult>& results, double total_seconds);

}  // namespace armada::report
