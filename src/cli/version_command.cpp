#include <iostream>
#include <string>

#include "cli/client_setup.h"
#include "cli/commands.h"

namespace armada::cli {
namespace {

// A root option's value ("" when it was not given or does not exist).
std::string RootOption(CLI::App& root, const std::string& name) {
  CLI::Option* option = root.get_option_no_throw(name);
  return option != nullptr && option->count() > 0 ? option->as<std::string>() : "";
}

std::string VersionLine() {
  return std::string("armada-testsuite ") + ARMADA_TS_VERSION + " (commit " + ARMADA_TS_GIT_COMMIT +
         ")";
}

}  // namespace

void AddVersionCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version and git commit");
  // `version --config F` loads the client config first, as Armada's runner
  // does (cmd/testsuite/cmd/version.go: PreRunE initParams): a config that
  // cannot be found or read, or an unknown context, is an error.
  cmd->fallthrough();
  cmd->callback([&app, exit_code] {
    RunOptions options;
    options.config = RootOption(app, "--config");
    options.context = RootOption(app, "--context");
    options.armada_url = RootOption(app, "--armadaUrl");
    if (auto config = ResolveClientConfig(options); !config.ok()) {
      std::cerr << "error: " << config.status().message() << "\n";
      *exit_code = 1;
      return;
    }
    std::cout << VersionLine() << "\n";
    *exit_code = 0;
  });
}

void AddVersionFlag(CLI::App& app) { app.set_version_flag("--version", VersionLine()); }

}  // namespace armada::cli
