// What `armada-testsuite test` was asked to do: its flags, as parsed
// (run_tests_command.cpp documents each one).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace armada::cli {

struct RunOptions {
  std::string tests, junit, config, context, armada_url, token, token_file, ca_file,
      executor_config;
  std::string filter, exclude;
  std::string pushgateway_url, pushgateway_job = "armada-testsuite", benchmark;
  std::string json, html, binoculars_url;
  bool local = false;
  bool fail_fast = false;
  bool verbose = false;
  bool quiet = false;
  bool no_tls = false;
  bool create_queues = false;
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
  std::string connect_timeout = "10s";
};

}  // namespace armada::cli
