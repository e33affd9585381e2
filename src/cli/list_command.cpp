#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/labels.h"
#include "cli/selection.h"
#include "cli/shard.h"
#include "cli/usage.h"

namespace armada::cli {

void AddListCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "Print the test cases a `test` run would run");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  struct Options {
    std::string tests, filter, exclude, shard;
    std::vector<std::string> labels, exclude_labels;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml'")
      ->required();
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
    auto cases = LoadSelectedCases(options->tests, options->filter, options->exclude);
    if (cases.ok()) {
      cases = SelectByLabels(std::move(*cases), options->labels, options->exclude_labels);
    }
    if (cases.ok() && !options->shard.empty()) {
      auto shard = ParseShard(options->shard);
      if (shard.ok()) {
        cases = ShardCases(std::move(*cases), *shard);
      } else {
        cases = shard.status();
      }
    }
    if (!cases.ok()) {
      std::cerr << "error: " << cases.status().message() << "\n";
      *exit_code = kUsageExit;
      return;
    }
    *exit_code = 0;
    if (options->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& test : *cases) {
        out.push_back({{"name", test.spec.name()},
                       {"file", test.file},
                       {"labels", std::vector<std::string>(test.spec.labels().begin(),
                                                           test.spec.labels().end())}});
      }
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    size_t width = 0;
    for (const auto& test : *cases) width = std::max(width, test.spec.name().size());
    for (const auto& test : *cases) {
      std::cout << test.spec.name() << std::string(width + 2 - test.spec.name().size(), ' ')
                << test.file;
      for (int i = 0; i < test.spec.labels_size(); ++i) {
        std::cout << (i == 0 ? "  [" : ", ") << test.spec.labels(i);
      }
      std::cout << (test.spec.labels_size() > 0 ? "]\n" : "\n");
    }
    std::cout << cases->size() << (cases->size() == 1 ? " test case\n" : " test cases\n");
  });
}

}  // namespace armada::cli
