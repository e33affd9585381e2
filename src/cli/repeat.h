// `test --repeat N`: each selected test run N times, each run with a fresh
// job set, and a per-test tally of how often it passed and why it failed.
//
// Contract:
// - RepeatCases returns n runs of every case, run-major (every test's run
//   1, then every test's run 2, ...), so a limited --parallel spreads the
//   runs of one test over the run. With n == 1 it returns cases unchanged
//   (names as Armada's runner reports them); with n > 1 run r of a test is
//   named "NAME (run r/n)" and its job set gets the suffix "-rR".
//   REQUIRES: n >= 1.
// - PrintRepeatTally prints, per original test, "NAME: PASSED/N" and each
//   distinct failure message with its count, most frequent first; job ids
//   and job set ids in messages read as <job> and <job set>, so runs that
//   failed the same way count as one message.
#pragma once

#include <ostream>
#include <vector>

#include "report/result.h"
#include "runner/suite.h"

namespace armada::cli {

std::vector<runner::SuiteCase> RepeatCases(const std::vector<runner::SuiteCase>& cases, int n);

// results: the results of RepeatCases(cases, n), in its order.
void PrintRepeatTally(std::ostream& out, const std::vector<runner::SuiteCase>& cases, int n,
                      const std::vector<report::TestResult>& results);

}  // namespace armada::cli
