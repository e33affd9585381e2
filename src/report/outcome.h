// The one table of test outcomes: what each means, how JUnit shows it, and
// what it does to the run's exit status. Its names are the one vocabulary of
// every report: the console summary's Result column, JSON's "result", the
// HTML report and the CI step summary all say "passed", never "SUCCESS" or
// "Success" (counts.h says the counts in the same words). README's
// "Outcomes and exit status" section is this table in prose; a new outcome
// is added here and nowhere else.
//
//   outcome      | meaning                                  | JUnit           | exit
//   passed       | every expectation held                   | (none)          | 0
//   failed       | an expectation or the test's own rule    | <failure>       | 1
//                | failed (events, timeout, action, queues) |                 |
//   error        | could not run: setup or transport (the   | <error>         | 2 when no test
//                | server unreachable, a bad test case)     |                 | ran, else 1
//   skipped      | not run for a stated reason              | <skipped        | (none)
//                | (e.g. "needs Kubernetes")                |  message=...>   |
//   interrupted  | cut short or not started: SIGINT/SIGTERM | <skipped>       | 130/143 (signal),
//                | or --fail-fast                           |                 | else as the rest
//   flaky        | passed on a retry (--retries) after      | (none), the     | 0; 1 with
//                | failed attempts                          | attempts as     | --fail-on-flaky
//                |                                          | <flakyFailure>  |
#pragma once

#include <vector>

namespace armada::report {

enum class Outcome { kPassed, kFailed, kError, kSkipped, kInterrupted, kFlaky };
// How many enumerators Outcome has, for arrays indexed by it.
constexpr int kOutcomeCount = 6;

enum class JUnitElement { kNone, kFailure, kError, kSkipped };

struct OutcomeInfo {
  Outcome outcome;
  const char* name;    // "passed", ...: in logs and every report
  JUnitElement junit;  // the element a <testcase> gets
};

// The row of outcome.
const OutcomeInfo& InfoOf(Outcome outcome);

// True for the outcomes that count as passed where only pass or fail is told
// (the pushgateway's metrics, JUnit's counts): passed and flaky.
bool CountsAsPassed(Outcome outcome);

// "failure", "error" or "skipped"; "" for kNone.
const char* JUnitElementName(JUnitElement element);

struct TestResult;

// The exit status of a run with these results, per the table above;
// signal_number is the SIGINT/SIGTERM that stopped the run, or 0;
// fail_on_flaky (--fail-on-flaky) makes a flaky test fail the run.
int RunExitCode(const std::vector<TestResult>& results, int signal_number,
                bool fail_on_flaky = false);

}  // namespace armada::report
