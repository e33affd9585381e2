// Which test cases a run includes: the files --tests matches, loaded, then
// narrowed by --filter and --exclude, RE2 regexes matched anywhere in the
// test's name.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

// Keeps the cases whose name matches filter (when non-empty) and does not
// match exclude (when non-empty), in their order. An invalid regex is an
// error naming the flag.
StatusOr<std::vector<runner::SuiteCase>> SelectCases(std::vector<runner::SuiteCase> cases,
                                                     const std::string& filter,
                                                     const std::string& exclude);

// The test cases matching patterns, loaded (every file's errors together in
// one error) and narrowed by the --filter/--exclude regexes.
StatusOr<std::vector<runner::SuiteCase>> LoadSelectedCases(const std::string& patterns,
                                                           const std::string& filter,
                                                           const std::string& exclude);

}  // namespace armada::cli
