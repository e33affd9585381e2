// JUnit XML, the format CI systems read test results from.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/result.h"
#include "report/run_info.h"

namespace armada::report {

// Renders results as a JUnit document: <testsuites> holding one <testsuite>
// with a <testcase> per result; a failure carries its message, a skipped test
// its reason, and <system-out> holds the test's log and each job's timeline.
// Names as Armada's runner writes them: <testsuites> and <testsuite> are
// named suite_name (run_info.h's SuiteName: the run's --tests pattern, and
// the Armada generation when known), each <testcase>'s name and classname
// are the test's name. With run, the <testsuite> also has a timestamp (the
// run's start, UTC, in the Ant schema's form without a zone:
// 2026-12-06T21:52:21) and hostname. A retried test (--retries) carries its
// failed attempts as Maven Surefire writes reruns: <flakyFailure> and
// <flakyError> in a passed (flaky) <testcase>, <rerunFailure> and
// <rerunError> after the <failure> of one that never passed.
std::string RenderJUnit(const std::vector<TestResult>& results, double total_seconds,
                        const std::string& suite_name = "armada-testsuite",
                        const RunInfo* run = nullptr);

// Writes RenderJUnit's document to path, via a temporary file renamed into
// place, so an interrupted run never leaves a half-written report.
Status WriteJUnit(const std::vector<TestResult>& results, double total_seconds,
                  const std::string& path, const std::string& suite_name = "armada-testsuite",
                  const RunInfo* run = nullptr);

}  // namespace armada::report
