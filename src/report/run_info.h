// What a report says about the run as a whole, beside its tests: which tool,
// when, against what, which Armada generation and how it was started. The
// JSON report carries all of it ("run"), JUnit its timestamp and hostname
// and the generation in the suite's name (SuiteName).
#pragma once

#include <string>

#include "report/result.h"

namespace armada::report {

struct RunInfo {
  std::string tool_version;  // e.g. "0.1.0 (commit 5b88ce3a1b2c)"
  WallTime started_at, ended_at;
  // What the tests ran against: the Armada URL, or "armada-localstack
  // (--local)".
  std::string target;
  // The Armada generation the run met, e.g. "v0.22.7" (--local: the one
  // armada-localstack answers as) or "v0.20.41 on" (a server's failed
  // events showed failureCategory); "" when nothing told.
  std::string generation;
  std::string command_line;  // the run's arguments, space-separated
  std::string hostname;
};

// The JUnit suite name of a run: its --tests pattern as Armada's runner
// names it (cmd/testsuite/cmd/test.go@v0.22.7), followed by " [Armada
// GENERATION]" when the generation is known, so the two generations' runs
// of one pattern stay two suites (their <testcase> names and classnames are
// the test's name, as Go's).
std::string SuiteName(const std::string& tests_pattern, const std::string& generation);

}  // namespace armada::report
