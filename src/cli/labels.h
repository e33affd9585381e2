// `--label` and `--exclude-label` (test and list): tests selected by the
// words of their `labels: [...]` (testcase/spec_checks.cpp checks them).
//
// Contract: each flag's values may also be comma-separated. With labels, a
// test is kept when it carries any of them; with excluded, one carrying any
// of those is left out; the cases keep their order. A --label or
// --exclude-label that no case of `cases` carries is an error naming it,
// the nearest known label and every label the cases carry (a typo must not
// quietly select nothing, or everything).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

StatusOr<std::vector<runner::SuiteCase>> SelectByLabels(std::vector<runner::SuiteCase> cases,
                                                        const std::vector<std::string>& labels,
                                                        const std::vector<std::string>& excluded);

}  // namespace armada::cli
