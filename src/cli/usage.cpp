#include "cli/usage.h"

#include <algorithm>
#include <iostream>

#include "testcase/edit_distance.h"

namespace armada::cli {
namespace {

// The nearest known name, when within 2 edits (a swapped pair of letters,
// "tset", is 2) or a third of the name for long ones.
std::optional<std::string> Nearest(const std::string& name, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : known) {
    const size_t distance = testcase::EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(const std::string& name, const std::vector<std::string>& known) {
  if (auto closest = Nearest(name, known)) {
    return "; did you mean \"" + *closest + "\"?";
  }
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return " (known: " + list + ")";
}

// The long flags of cmd, with their "--": what a user types.
std::vector<std::string> LongFlags(const CLI::App& cmd) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : cmd.get_options()) {
    for (const std::string& name : option->get_lnames()) flags.push_back("--" + name);
  }
  return flags;
}

}  // namespace

std::optional<std::string> FindUnknownName(const CLI::App& app,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> subcommands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    subcommands.push_back(sub->get_name());
  }
  const CLI::App* cmd = &app;
  bool next_is_value = false;
  for (const std::string& arg : args) {
    if (next_is_value) {  // e.g. the F of `--config F`, not a subcommand
      next_is_value = false;
      continue;
    }
    if (arg == "--") break;
    if (arg.rfind("-", 0) == 0 && arg.size() > 1) {
      const std::string flag = arg.substr(0, arg.find('='));
      // A subcommand that falls through also takes the root's (persistent) flags.
      const bool root_too = cmd != &app && cmd->get_fallthrough();
      const CLI::Option* option = cmd->get_option_no_throw(flag);
      if (option == nullptr && root_too) option = app.get_option_no_throw(flag);
      if (option == nullptr && arg.rfind("--", 0) == 0) {
        std::vector<std::string> known = LongFlags(*cmd);
        if (root_too) {
          // --help is both the subcommand's and the root's: list it once.
          for (std::string& f : LongFlags(app)) {
            if (std::find(known.begin(), known.end(), f) == known.end()) {
              known.push_back(std::move(f));
            }
          }
        }
        const std::string where = cmd == &app ? "" : " for `" + cmd->get_name() + "`";
        return "unknown flag " + flag + where + DidYouMean(flag, known);
      }
      next_is_value =
          option != nullptr && option->get_type_size() != 0 && arg.find('=') == std::string::npos;
      continue;
    }
    if (cmd == &app && arg.rfind("-", 0) != 0) {
      const CLI::App* sub = nullptr;
      try {
        sub = app.get_subcommand(arg);
      } catch (const CLI::OptionNotFound&) {
        return "unknown subcommand \"" + arg + "\"" + DidYouMean(arg, subcommands);
      }
      cmd = sub;
    }
  }
  return std::nullopt;
}

std::string HelpPointer(const CLI::App& app, const std::string& subcommand) {
  return "run `" + app.get_name() + (subcommand.empty() ? "" : " " + subcommand) +
         " --help` for usage";
}

std::string SubcommandOf(const CLI::App& app, const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg.rfind("-", 0) == 0) continue;
    try {
      return app.get_subcommand(arg)->get_name();
    } catch (const CLI::OptionNotFound&) {
      // A root flag's value, or a subcommand FindUnknownName names.
    }
  }
  return "";
}

int ParseAndRun(CLI::App& app, int argc, char** argv, const int* exit_code) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string help = HelpPointer(app, SubcommandOf(app, args));
  if (auto unknown = FindUnknownName(app, args)) {
    std::cerr << "error: " << *unknown << "\n" << help << "\n";
    return kUsageExit;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n" << help << "\n";
    return kUsageExit;
  }
  return *exit_code;
}

}  // namespace armada::cli
