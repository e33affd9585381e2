#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/labels.h"
#include "cli/selection.h"
#include "cli/shard.h"
#include "cli/test_paths.h"
#include "cli/usage.h"

namespace armada::cli {

namespace {

// `list`'s flags; CLI11 keeps pointers to them, so they live in a shared_ptr.
struct ListOptions {
  std::string tests, filter, exclude, shard;
  std::vector<std::string> paths, labels, exclude_labels;
  bool json = false;
};

// The cases `test` would run with the same selection flags.
StatusOr<std::vector<runner::SuiteCase>> ListedCases(const ListOptions& options) {
  auto cases = LoadSelectedCases(TestPatterns(options.tests, options.paths, kAllTestCases),
                                 options.filter, options.exclude);
  if (cases.ok()) cases = SelectByLabels(std::move(*cases), options.labels, options.exclude_labels);
  if (!cases.ok() || options.shard.empty()) return cases;
  auto shard = ParseShard(options.shard);
  if (!shard.ok()) return shard.status();
  return ShardCases(std::move(*cases), *shard);
}

// --json: an array of {name, file, labels}.
void PrintJson(const std::vector<runner::SuiteCase>& cases) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& test : cases) {
    out.push_back({{"name", test.spec.name()},
                   {"file", test.file},
                   {"labels", std::vector<std::string>(test.spec.labels().begin(),
                                                       test.spec.labels().end())}});
  }
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// One line per case (name, file, labels), a count, and the load errors on
// stderr; returns the exit code: 1 when a case does not load (it would be
// that test's error in a run), else 0.
int PrintTable(const std::vector<runner::SuiteCase>& cases) {
  size_t width = 0;
  for (const auto& test : cases) width = std::max(width, test.spec.name().size());
  size_t unloaded = 0;
  for (const auto& test : cases) {
    std::cout << test.spec.name() << std::string(width + 2 - test.spec.name().size(), ' ')
              << test.file;
    for (int i = 0; i < test.spec.labels_size(); ++i) {
      std::cout << (i == 0 ? "  [" : ", ") << test.spec.labels(i);
    }
    std::cout << (test.spec.labels_size() > 0 ? "]" : "")
              << (test.load_error.empty() ? "" : "  (does not load)") << "\n";
    if (!test.load_error.empty()) {
      ++unloaded;
      std::cerr << test.load_error << "\n";
    }
  }
  std::cout << cases.size() << (cases.size() == 1 ? " test case" : " test cases");
  if (unloaded > 0) std::cout << ", " << unloaded << " of which do(es) not load";
  std::cout << "\n";
  return unloaded == 0 ? 0 : 1;
}

}  // namespace

void AddListCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "Print the test cases a `test` run would run");
  auto options = std::make_shared<ListOptions>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml' "
                  "(default, without PATHS: " +
                      std::string(kAllTestCases) + ")");
  cmd->add_option("paths", options->paths,
                  "Test case files or folders (a folder: its .yaml files at any depth)");
  cmd->add_option("--filter", options->filter, "Only tests whose name matches this RE2 regex");
  cmd->add_option("--exclude", options->exclude, "Leave out tests whose name matches this regex");
  cmd->add_option("--label", options->labels,
                  "Only tests carrying one of these labels (repeatable, comma-separated)");
  cmd->add_option("--exclude-label", options->exclude_labels,
                  "Leave out tests carrying one of these labels (repeatable, comma-separated)");
  cmd->add_option("--shard", options->shard, "Only part I of N, as `test --shard I/N` runs it");
  cmd->add_flag("--json", options->json,
                "Print a JSON array of the test cases: name, file, labels");
  cmd->callback([options, exit_code] {
    const auto cases = ListedCases(*options);
    if (!cases.ok()) {
      std::cerr << "error: " << cases.status().message() << "\n";
      *exit_code = kUsageExit;
      return;
    }
    if (options->json) {
      PrintJson(*cases);
      *exit_code = 0;
      return;
    }
    *exit_code = PrintTable(*cases);
  });
}

}  // namespace armada::cli
