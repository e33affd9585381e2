// One armada-localstack instance: from its options to a gRPC server that
// serves Armada's API on top of the control plane and a PodRunner, and back.
//
// Contract:
// - Start reads the executor config and localstack settings, removes what
//   killed instances left under the work directory, makes this run's
//   directory, cgroup subtree and token, and starts serving. On success the
//   server listens on address(). On failure nothing of the instance is left
//   (cgroups, run directory) and the error names the flag or file at fault.
// - Stop ends every job, ends open event streams with UNAVAILABLE (so
//   clients resume against the next server) and stops serving; later calls
//   do nothing. The destructor stops the server if Stop was not called and
//   removes the cgroup subtree, whatever path the instance ends by.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "localstack/config/faults.h"
#include "localstack/control/job_set_retention.h"
#include "localstack/kubelet/cgroup.h"
#include "localstack/kubelet/run_dir.h"

namespace armada::localstack {

// The command line's settings (main.cpp documents each flag).
struct LocalServerOptions {
  std::string listen = "127.0.0.1:50051";
  std::string executor_config_path;
  // Empty: localstack.yaml beside the executor config, else the shipped one.
  std::string localstack_config_path;
  // Each node's capacity unless its settings give one; empty: the machine's.
  std::string cpu, memory;
  std::string work = DefaultWorkDir();
  // Empty: a token file in the run's own directory.
  std::string token_file;
  bool allow_remote = false;
  std::string tls_cert, tls_key;
  int64_t pids_limit = CgroupTree::kDefaultPidsLimit;
  // "process" or "synthetic" (synthetic_pod_runner.h).
  std::string executor = "process";
  // Empty: nothing kept across restarts.
  std::string data_dir;
  RetentionConfig retention;
  FaultConfig faults;
  // Without root: run jobs whose limits cannot be enforced, unconfined,
  // rather than refuse them (control/unenforced_limits.h).
  bool run_unenforced = false;
};

class LocalServer {
 public:
  static StatusOr<std::unique_ptr<LocalServer>> Start(LocalServerOptions options);
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  // HOST:PORT, with the port chosen when --listen gave 0.
  const std::string& address() const { return address_; }
  // Logs what the instance serves: cluster, nodes, where callers find the token.
  void LogSummary() const;
  void Stop();

 private:
  struct Parts;
  explicit LocalServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  std::string address_;
  bool stopped_ = false;
};

// Removes what SIGKILLed instances left: their cgroups (with any process
// still in them) and their run directories under `work` (each logged as
// removed); returns what it could not remove, each saying why. An error when
// `work` is not this user's alone: then nothing in it is touched.
StatusOr<std::vector<std::string>> RemoveStaleInstances(const std::string& work);

}  // namespace armada::localstack
