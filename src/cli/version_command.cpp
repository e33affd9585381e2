#include <iostream>

#include "cli/commands.h"

namespace armada::cli {

void AddVersionCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version and git commit");
  cmd->callback([exit_code] {
    std::cout << "armada-testsuite " << ARMADA_TS_VERSION << " (commit " << ARMADA_TS_GIT_COMMIT
              << ")\n";
    *exit_code = 0;
  });
}

}  // namespace armada::cli
