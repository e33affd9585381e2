#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/test_paths.h"
#include "testcase/glob.h"
#include "testcase/loader.h"

namespace armada::cli {

void AddValidateCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check test case files without running them: every error, with its position");
  // CLI11 keeps a pointer to the option's storage, which must outlive this call.
  auto patterns = std::make_shared<std::string>();
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--tests", *patterns,
                  "Comma-separated glob patterns of test case files (*, **, ?), "
                  "e.g. 'testcases/**/*.yaml' (default, without PATHS: " +
                      std::string(kAllTestCases) + ")");
  cmd->add_option("paths", *paths,
                  "Test case files or folders (a folder: its .yaml files at any depth)");
  cmd->callback([patterns, paths, exit_code] {
    StatusOr<std::vector<std::string>> files =
        testcase::ExpandPatterns(TestPatterns(*patterns, *paths, kAllTestCases));
    if (!files.ok()) {
      std::cerr << "error: " << files.status().message() << "\n";
      *exit_code = 2;
      return;
    }
    size_t invalid = 0;
    for (const std::string& file : *files) {
      StatusOr<api::TestSpec> spec = testcase::LoadTestCase(file);
      if (spec.ok()) {
        std::cout << "ok   " << file << "\n";
      } else {
        ++invalid;
        std::cout << spec.status().message() << "\n";
      }
    }
    std::cout << files->size() << (files->size() == 1 ? " test case: " : " test cases: ")
              << files->size() - invalid << " valid, " << invalid << " invalid\n";
    *exit_code = invalid == 0 ? 0 : 1;
  });
}

}  // namespace armada::cli
