// `test --last-failed[=JSON]`: only the tests that failed or errored in a
// previous run, read from its JSON report (report/json_reader.h).
//
// Contract:
// - Without a path, the JSON report this user's last `test --json FILE`
//   wrote: each such run records the report's absolute path in
//   RememberedReportFile() (RememberJsonReport, after writing it). No
//   record, or a report that cannot be read, is an error naming what to do.
// - SelectLastFailed keeps, in their order, the cases whose name is that of
//   a test whose result there is failed or error (with --repeat, a run
//   "NAME (run R/N)" counts for NAME). None failed: an empty selection, and
//   the caller says so.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

// $XDG_STATE_HOME/armada-testsuite/last-json-report (else
// ~/.local/state/...); "" when neither variable is set.
std::string RememberedReportFile();

// Records path (made absolute) as the last JSON report written; a failure
// to record is only logged: the run's reports are written either way.
void RememberJsonReport(const std::string& path);

// The names of the tests that failed or errored in the report at path (""
// for the remembered one); the second member is the report's path.
StatusOr<std::pair<std::set<std::string>, std::string>> LastFailedNames(const std::string& path);

std::vector<runner::SuiteCase> SelectLastFailed(std::vector<runner::SuiteCase> cases,
                                                const std::set<std::string>& failed);

}  // namespace armada::cli
