#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/usage.h"

int main(int argc, char** argv) {
  CLI::App app{"armada-testsuite: end-to-end tests for Armada, from YAML test cases",
               "armada-testsuite"};
  app.require_subcommand(1);
  int exit_code = 0;
  armada::cli::AddValidateCommand(app, &exit_code);
  armada::cli::AddVersionCommand(app, &exit_code);
  armada::cli::AddTestCommand(app, &exit_code);
  armada::cli::AddListCommand(app, &exit_code);
  armada::cli::AddSchemaCommand(app, &exit_code);
  armada::cli::AddCoverageCommand(app, &exit_code);
  armada::cli::AddRecordCommand(app, &exit_code);
  armada::cli::AddHelpCommand(app, &exit_code);
  armada::cli::AddVersionFlag(app);
  armada::cli::AddReportCommand(app, &exit_code);
  armada::cli::AddNewCommand(app, &exit_code);
  if (argc == 1) {
    // As Armada's runner (cobra): no subcommand prints the help and succeeds.
    std::cout << app.help();
    return 0;
  }
  return armada::cli::ParseAndRun(app, argc, argv, &exit_code);
}
