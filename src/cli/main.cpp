#include <CLI/CLI.hpp>

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
  armada::cli::AddReportCommand(app, &exit_code);
  armada::cli::AddNewCommand(app, &exit_code);
  return armada::cli::ParseAndRun(app, argc, argv, &exit_code);
}
