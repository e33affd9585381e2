// The subcommands of armada-testsuite. Each Add*Command registers its
// subcommand on app; when that subcommand runs, its callback stores the
// process exit code in *exit_code.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

// `validate --tests PATTERN`: loads every matching test case and reports.
void AddValidateCommand(CLI::App& app, int* exit_code);
// `version`: prints version and git commit.
void AddVersionCommand(CLI::App& app, int* exit_code);
// `test --tests PATTERN ...`: runs the test cases against Armada (or, with
// --local, against an armada-localstack it starts) and reports.
void AddTestCommand(CLI::App& app, int* exit_code);
// `list --tests PATTERN [--filter RE] [--exclude RE]`: prints what `test`
// would run.
void AddListCommand(CLI::App& app, int* exit_code);

// The test cases matching patterns, loaded (every file's errors together in
// one error) and narrowed by the --filter/--exclude regexes.
StatusOr<std::vector<runner::SuiteCase>> LoadSelectedCases(const std::string& patterns,
                                                           const std::string& filter,
                                                           const std::string& exclude);

}  // namespace armada::cli
