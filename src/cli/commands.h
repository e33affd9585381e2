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
// `coverage REPORT.json...`: lifecycle coverage of saved runs, merged.
void AddCoverageCommand(CLI::App& app, int* exit_code);
// `record CASE.yaml...`: runs each case once and writes back its
// expectedEvents as observed.
void AddRecordCommand(CLI::App& app, int* exit_code);
// `version`: prints version and git commit.
void AddVersionCommand(CLI::App& app, int* exit_code);
// `--version` on the root: the same line as `version`.
void AddVersionFlag(CLI::App& app);
// `test --tests PATTERN ...`: runs the test cases against Armada (or, with
// --local, against an armada-localstack it starts) and reports.
void AddTestCommand(CLI::App& app, int* exit_code);
// `help [COMMAND]`: prints the usage of the program or of COMMAND.
void AddHelpCommand(CLI::App& app, int* exit_code);
// `list --tests PATTERN [--filter RE] [--exclude RE]`: prints what `test`
// would run.
void AddListCommand(CLI::App& app, int* exit_code);
// `report merge OUT REPORT...`: joins the reports of several runs (shards).
void AddReportCommand(CLI::App& app, int* exit_code);
// `new NAME [--kind K]`: writes a test case to start from.
void AddNewCommand(CLI::App& app, int* exit_code);

}  // namespace armada::cli
