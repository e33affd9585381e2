#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/selection.h"
#include "cli/test_paths.h"

namespace armada::cli {

void AddListCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "Print the test cases a `test` run would run");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  struct Options {
    std::string tests, filter, exclude;
    std::vector<std::string> paths;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml' "
                  "(default, without PATHS: " +
                      std::string(kAllTestCases) + ")");
  cmd->add_option("paths", options->paths,
                  "Test case files or folders (a folder: its .yaml files at any depth)");
  cmd->add_option("--filter", options->filter, "Only tests whose name matches this RE2 regex");
  cmd->add_option("--exclude", options->exclude, "Leave out tests whose name matches this regex");
  cmd->callback([options, exit_code] {
    auto cases = LoadSelectedCases(TestPatterns(options->tests, options->paths, kAllTestCases),
                                   options->filter, options->exclude);
    if (!cases.ok()) {
      std::cerr << "error: " << cases.status().message() << "\n";
      *exit_code = 2;
      return;
    }
    size_t width = 0;
    for (const auto& test : *cases) width = std::max(width, test.spec.name().size());
    size_t unloaded = 0;
    for (const auto& test : *cases) {
      std::cout << test.spec.name() << std::string(width + 2 - test.spec.name().size(), ' ')
                << test.file << (test.load_error.empty() ? "" : "  (does not load)") << "\n";
      if (!test.load_error.empty()) {
        ++unloaded;
        std::cerr << test.load_error << "\n";
      }
    }
    std::cout << cases->size() << (cases->size() == 1 ? " test case" : " test cases");
    if (unloaded > 0) std::cout << ", " << unloaded << " of which do(es) not load";
    std::cout << "\n";
    // A case that does not load would be that test's error in a run.
    *exit_code = unloaded == 0 ? 0 : 1;
  });
}

}  // namespace armada::cli
