// Which test case files a command names: --tests' comma-separated glob
// patterns (testcase/glob.h) and paths given without a flag, as a new user
// types them (`armada-testsuite validate testcases/basic my_case.yaml`).
//
// Contract: the patterns are --tests' followed by one per path, a directory
// standing for its .yaml files at any depth (DIR/**/*.yaml), anything else
// for itself. With neither, `fallback` (each subcommand's default, README:
// "Differences from Armada's Go testsuite": Armada's runner requires
// --tests).
#pragma once

#include <string>
#include <vector>

namespace armada::cli {

// The default of `validate` and `list`: every test case under testcases/.
inline constexpr char kAllTestCases[] = "testcases/**/*.yaml";
// The default of `test`: the cases every Armada generation passes (the
// categorization folders are generation-specific, see run-local.sh).
inline constexpr char kDefaultTestRun[] = "testcases/basic/*.yaml";

std::string TestPatterns(const std::string& tests, const std::vector<std::string>& paths,
                         const std::string& fallback);

}  // namespace armada::cli
