// Which loaded test cases a run includes: --filter and --exclude, RE2
// regexes matched anywhere in the test's name.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::runner {

// Keeps the cases whose name matches filter (when non-empty) and does not
// match exclude (when non-empty), in their order. An invalid regex is an
// error naming the flag.
StatusOr<std::vector<SuiteCase>> SelectCases(std::vector<SuiteCase> cases,
                                             const std::string& filter, const std::string& exclude);

}  // namespace armada::runner
