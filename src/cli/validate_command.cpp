#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/localstack_process.h"
#include "cli/run_options.h"
#include "cli/test_paths.h"
#include "localstack/config/executor_config.h"
#include "testcase/duration.h"
#include "testcase/glob.h"
#include "testcase/loader.h"

namespace armada::cli {
namespace {

struct ValidateOptions {
  std::string tests;
  std::vector<std::string> paths;
  std::string timeout = kDefaultTestTimeout;
  std::string executor_config;
};

// What the cases are judged against: --timeout as `test` would apply it, and
// the categories of --executor-config (else of the shipped one, when found).
StatusOr<testcase::WarningContext> ContextOf(const ValidateOptions& options) {
  testcase::WarningContext context;
  auto timeout = testcase::ParseGoDuration(options.timeout);
  if (!timeout.ok() || timeout->seconds() < 0 || timeout->nanos() < 0) {
    return Status::Error("--timeout " + options.timeout + ": " +
                         (timeout.ok() ? std::string("must not be negative (0: no timeout)")
                                       : timeout.status().message()));
  }
  const bool none = timeout->seconds() == 0 && timeout->nanos() == 0;
  context.default_timeout = none ? "" : options.timeout;
  StatusOr<std::string> path = options.executor_config.empty()
                                   ? FindExecutorConfig()
                                   : StatusOr<std::string>(options.executor_config);
  if (!path.ok()) return context;  // nothing to check categories against
  auto config = localstack::LoadExecutorConfig(*path);
  if (!config.ok()) {
    if (options.executor_config.empty()) return context;
    return config.status();
  }
  context.categories = config->classifier.CategoryNames();
  context.categories_source = *path;
  return context;
}

}  // namespace

void AddValidateCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check test case files without running them: every error, with its position");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  auto options = std::make_shared<ValidateOptions>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files (*, **, ?), "
                  "e.g. 'testcases/**/*.yaml' (default, without PATHS: " +
                      std::string(kAllTestCases) + ")");
  cmd->add_option("paths", options->paths,
                  "Test case files or folders (a folder: its .yaml files at any depth)");
  cmd->add_option("--timeout", options->timeout,
                  "The timeout `test` gives a case without one (warned of); 0: none")
      ->capture_default_str();
  cmd->add_option("--executor-config", options->executor_config,
                  "Warn of expected failure categories this executor config never produces "
                  "(default: e2e-config/executor_config.yaml when found)");
  cmd->callback([options, exit_code] {
    StatusOr<std::vector<std::string>> files =
        testcase::ExpandPatterns(TestPatterns(options->tests, options->paths, kAllTestCases));
    auto context = files.ok() ? ContextOf(*options) : files.status();
    if (!context.ok()) {
      std::cerr << "error: " << context.status().message() << "\n";
      *exit_code = 2;
      return;
    }
    size_t invalid = 0;
    size_t warned = 0;
    for (const std::string& file : *files) {
      std::vector<std::string> warnings;
      StatusOr<api::TestSpec> spec = testcase::LoadTestCase(file, *context, &warnings);
      if (spec.ok()) {
        std::cout << "ok   " << file << "\n";
        for (const std::string& warning : warnings) std::cout << "warning: " << warning << "\n";
        warned += warnings.empty() ? 0 : 1;
      } else {
        ++invalid;
        std::cout << spec.status().message() << "\n";
      }
    }
    std::cout << files->size() << (files->size() == 1 ? " test case: " : " test cases: ")
              << files->size() - invalid << " valid, " << invalid << " invalid";
    if (warned > 0) std::cout << "; " << warned << " with warnings";
    std::cout << "\n";
    *exit_code = invalid == 0 ? 0 : 1;
  });
}

}  // namespace armada::cli
