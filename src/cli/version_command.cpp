#include <iostream>
#include <string>

#include "cli/commands.h"

namespace armada::cli {

namespace {

std::string VersionLine() {
  return std::string("armada-testsuite ") + ARMADA_TS_VERSION + " (commit " + ARMADA_TS_GIT_COMMIT +
         ")";
}

}  // namespace

void AddVersionCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version and git commit");
  cmd->callback([exit_code] {
    std::cout << VersionLine() << "\n";
    *exit_code = 0;
  });
}

void AddVersionFlag(CLI::App& app) { app.set_version_flag("--version", VersionLine()); }

}  // namespace armada::cli
