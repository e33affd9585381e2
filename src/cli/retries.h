// `test --retries N`: a test that did not pass (failed, or an error while it
// ran) runs again, up to N more times, and one that then passes is flaky.
//
// Contract:
// - Attempt 1 is the run as without --retries. Each later attempt runs the
//   tests whose last attempt failed or errored, together, as a fresh job set
//   (RetryOf: the job set id gets "-aK" for attempt K). The earlier
//   attempt's job set was cancelled when that attempt ended
//   (run_test_case.h), so no job of it outlives the retry.
// - No attempt starts once stop has fired (a signal, --fail-fast): what
//   ended so far stands.
// - Each test ends with one result: its last attempt's, holding the earlier
//   ones as failed_attempts; kFlaky when the last one passed (its message
//   names how many attempts failed and the first one's failure), its start
//   the first attempt's and its time from then to the last one's end.
//   Tests that passed the first time are unchanged.
#pragma once

#include <functional>
#include <vector>

#include "common/stop_signal.h"
#include "report/result.h"
#include "runner/suite.h"

namespace armada::cli {

// Runs some of the cases (the ones at `indices` of RunWithRetries' cases);
// returns their results in the same order.
using RunAttempt = std::function<std::vector<report::TestResult>(
    const std::vector<runner::SuiteCase>& cases, const std::vector<size_t>& indices)>;

// Attempt `attempt` (2 and up) of test: its spec with a job set of its own.
runner::SuiteCase RetryOf(const runner::SuiteCase& test, int attempt);

// The result of a test whose attempts before `last` did not pass.
report::TestResult Combine(const std::vector<report::TestResult>& earlier, report::TestResult last);

std::vector<report::TestResult> RunWithRetries(const std::vector<runner::SuiteCase>& cases,
                                               int retries, const StopSignal& stop,
                                               const RunAttempt& run);

}  // namespace armada::cli
