// --local's Armada: armada-localstack started as a child of this run
// (localstack_process.h), with the executor config the run names (else the
// shipped one), its log beside the JUnit report (else in a fresh temporary
// directory, removed after a run whose tests all passed: EndedWith) and its
// token in a directory only this user can enter.
//
// Contract:
// - Start returns once the server listens; client() reaches it with its
//   token, without TLS. On failure nothing is left running and the error
//   names what is missing (the binary, the executor config, a bad
//   localstack.yaml) or how the server failed, with the end of its log.
// - While it runs, the server's warnings reach the console and the tests
//   (localstack_warnings.h).
// - The destructor stops the server and removes the token's directory, on
//   every path out of the run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/localstack_process.h"
#include "cli/localstack_warnings.h"
#include "cli/run_options.h"
#include "common/status.h"
#include "localstack/config/nodes.h"
#include "runner/client_config.h"

namespace armada::cli {

class LocalTarget {
 public:
  static StatusOr<std::unique_ptr<LocalTarget>> Start(const RunOptions& options);
  ~LocalTarget();
  LocalTarget(const LocalTarget&) = delete;
  LocalTarget& operator=(const LocalTarget&) = delete;

  const runner::ClientConfig& client() const { return client_; }
  // The server's nodes as its settings declare them, for node actions.
  const std::vector<localstack::ClusterNode>& nodes() const { return nodes_; }
  // "" while the server runs; else how it died (LocalStackProcess::Death).
  std::string Death() const { return stack_->Death(); }
  // Without --junit the log is in a temporary folder: removed at the end of
  // a run whose tests all passed (or were skipped), else kept and named.
  void EndedWith(bool all_passed) { remove_log_dir_ = all_passed; }
  // LocalStackWarnings::WhyQueued of the server's log. Thread-safe.
  std::string WhyQueued(const std::vector<std::string>& job_ids) const {
    return warnings_->WhyQueued(job_ids);
  }

 private:
  LocalTarget() = default;
  std::string token_dir_;
  std::string temp_log_dir_;  // "" when the log is beside --junit
  bool remove_log_dir_ = false;
  // Declared before stack_, so it reads what the server said as it stopped.
  std::unique_ptr<LocalStackWarnings> warnings_;
  std::unique_ptr<LocalStackProcess> stack_;
  std::vector<localstack::ClusterNode> nodes_;
  runner::ClientConfig client_;
};

}  // namespace armada::cli
