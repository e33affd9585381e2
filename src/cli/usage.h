// Usage errors on armada-testsuite's command line: an unknown subcommand or
// flag is named, with the nearest known one suggested (`tset` -> `test`), and
// every usage error exits 2, not CLI11's own codes (106, 109, ...).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace armada::cli {

// The exit code of a command line that is wrong rather than a run that
// failed, as for a shell builtin.
constexpr int kUsageExit = 2;

// The first unknown subcommand or --flag in args (argv without the program
// name), as a message naming it and the nearest known spelling; nullopt when
// every subcommand and flag is known to app. Values of options are not
// looked at.
std::optional<std::string> FindUnknownName(const CLI::App& app,
                                           const std::vector<std::string>& args);

// "run `armada-testsuite SUBCOMMAND --help` for usage" (without a subcommand:
// the program's --help).
std::string HelpPointer(const CLI::App& app, const std::string& subcommand);

// The subcommand args name (the first argument that is one), "" for none.
std::string SubcommandOf(const CLI::App& app, const std::vector<std::string>& args);

// Parses argv into app, running the chosen subcommand's callback. Returns
// the exit code: a usage error prints "error: ..." and a pointer to the
// help of the subcommand it concerns on stderr and returns kUsageExit;
// --help and --version print and return 0; otherwise *exit_code as the
// callback left it.
int ParseAndRun(CLI::App& app, int argc, char** argv, const int* exit_code);

}  // namespace armada::cli
