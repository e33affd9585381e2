#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "runner/selection.h"
#include "spec/glob.h"
#include "spec/loader.h"

namespace armada::cli {

StatusOr<std::vector<runner::SuiteCase>> LoadSelectedCases(const std::string& patterns,
                                                           const std::string& filter,
                                                           const std::string& exclude) {
  auto files = spec::ExpandPatterns(patterns);
  if (!files.ok()) return files.status();
  std::vector<runner::SuiteCase> cases;
  std::string errors;
  for (const std::string& file : *files) {
    auto spec = spec::LoadTestCase(file);
    if (!spec.ok()) {
      errors += (errors.empty() ? "" : "\n") + spec.status().message();
      continue;
    }
    cases.push_back(runner::SuiteCase{std::move(*spec), file});
  }
  if (!errors.empty()) return Status::Error(errors);
  return runner::SelectCases(std::move(cases), filter, exclude);
}

void AddListCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "Print the test cases a `test` run would run");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  struct Options {
    std::string tests, filter, exclude;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml'")
      ->required();
  cmd->add_option("--filter", options->filter, "Only tests whose name matches this RE2 regex");
  cmd->add_option("--exclude", options->exclude, "Leave out tests whose name matches this regex");
  cmd->callback([options, exit_code] {
    auto cases = LoadSelectedCases(options->tests, options->filter, options->exclude);
    if (!cases.ok()) {
      std::cerr << "error: " << cases.status().message() << "\n";
      *exit_code = 2;
      return;
    }
    size_t width = 0;
    for (const auto& test : *cases) width = std::max(width, test.spec.name().size());
    for (const auto& test : *cases) {
      std::cout << test.spec.name() << std::string(width + 2 - test.spec.name().size(), ' ')
                << test.file << "\n";
    }
    std::cout << cases->size() << (cases->size() == 1 ? " test case\n" : " test cases\n");
    *exit_code = 0;
  });
}

}  // namespace armada::cli
