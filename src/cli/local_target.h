// --local's Armada: armada-localstack started as a child of this run
// (localstack_process.h), with the executor config the run names (else the
// shipped one), its log beside the JUnit report (else in a fresh temporary
// directory) and its token in a directory only this user can enter.
//
// Contract:
// - Start returns once the server listens; client() reaches it with its
//   token, without TLS. On failure nothing is left running and the error
//   names what is missing (the binary, the executor config, a bad
//   localstack.yaml) or how the server failed, with the end of its log.
// - The destructor stops the server and removes the token's directory, on
//   every path out of the run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/localstack_process.h"
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

 private:
  LocalTarget() = default;
  std::string token_dir_;
  std::unique_ptr<LocalStackProcess> stack_;
  std::vector<localstack::ClusterNode> nodes_;
  runner::ClientConfig client_;
};

}  // namespace armada::cli
