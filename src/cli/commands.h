// The subcommands of armada-testsuite. Each Add*Command registers its
// subcommand on app; when that subcommand runs, its callback stores the
// process exit code in *exit_code.
#pragma once

#include <CLI/CLI.hpp>
namespace armada::cli {

// `validate --tests PATTERN`: loads every matching test case and reports.
void AddValidateCommand(CLI::App& app, int* exit_code);
// `schema`: prints the JSON Schema of the test case format.
void AddSchemaCommand(CLI::App& app, int* exit_code);
// `version`: prints version and git commit.
void AddVersionCommand(CLI::App& app, int* exit_code);
// `test --tests PATTERN ...`: runs the test cases against Armada (or, with
// --local, against an armada-localstack it starts) and reports.
void AddTestCommand(CLI::App& app, int* exit_code);
// `list --tests PATTERN [--filter RE] [--exclude RE]`: prints what `test`
// would run.
void AddListCommand(CLI::App& app, int* exit_code);
// `report merge OUT REPORT...`: joins the reports of several runs (shards).
void AddReportCommand(CLI::App& app, int* exit_code);
// `new NAME [--kind K]`: writes a test case to start from.
void AddNewCommand(CLI::App& app, int* exit_code);

}  // namespace armada::cli
