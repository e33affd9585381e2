#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/usage.h"

namespace armada::cli {

void AddHelpCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("help", "Print the usage of armada-testsuite or of COMMAND");
  auto command = std::make_shared<std::string>();
  cmd->add_option("command", *command, "The subcommand to explain, e.g. test");
  cmd->callback([&app, command, exit_code] {
    if (command->empty()) {
      // app.help() would describe the subcommand being run: this one.
      std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
      *exit_code = 0;
      return;
    }
    const CLI::App* sub = nullptr;
    try {
      sub = app.get_subcommand(*command);
    } catch (const CLI::OptionNotFound&) {
      std::cerr << "error: "
                << FindUnknownName(app, {*command}).value_or("unknown subcommand " + *command)
                << "\n"
                << HelpPointer(app, "") << "\n";
      *exit_code = kUsageExit;
      return;
    }
    std::cout << sub->help(app.get_name());
    *exit_code = 0;
  });
}

}  // namespace armada::cli
