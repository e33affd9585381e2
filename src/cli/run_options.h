// What `armada-testsuite test` was asked to do: its flags, as parsed
// (run_tests_command.cpp documents each one).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace armada::cli {

// --timeout's default (README, "Differences from Armada's Go testsuite"):
// the longest shipped case's, so that a job no node can take fails its test
// rather than hang the run.
inline constexpr char kDefaultTestTimeout[] = "5m";

struct RunOptions {
  std::string tests, junit, config, context, armada_url, token, token_file, ca_file,
      executor_config;
  std::string filter, exclude;
  // Test case paths given without a flag (test_paths.h); the callback folds
  // them into `tests`, and says so in tests_by_default when neither was given.
  std::vector<std::string> paths;
  bool tests_by_default = false;
  std::string pushgateway_url, pushgateway_job = "armada-testsuite", benchmark;
  std::string json, html, binoculars_url;
  bool local = false;
  bool fail_fast = false;
  bool verbose = false;
  bool quiet = false;
  bool no_tls = false;
  bool create_queues = false;
  bool coverage = false;  // --coverage: report lifecycle coverage (report/coverage.h)
  // --check-lifecycle: the value given, else on exactly with --local.
  std::optional<bool> check_lifecycle;
  bool check_lifecycle_value = false;  // --check-lifecycle's storage
  int parallel = 0;
  int repeat = 1;
  int retries = 0;                                  // --retries (retries.h)
  bool fail_on_flaky = false;                       // --fail-on-flaky
  std::string shard;                                // --shard I/N (shard.h); "" for all
  std::vector<std::string> labels, exclude_labels;  // --label, --exclude-label (labels.h)
  // --last-failed[=JSON] (last_failed.h): set when given; "" for the last
  // JSON report written.
  std::optional<std::string> last_failed;
  bool watch = false;  // --watch (watch.h), with --local
  std::vector<std::string> localstack_args;
  // --connect-timeout; empty when not given (cli/readiness.h).
  std::string connect_timeout;
  // The timeout of a case that sets none; "0": none, as in Armada's runner.
  std::string timeout = std::string(kDefaultTestTimeout);
};

}  // namespace armada::cli
