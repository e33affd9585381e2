// armada-localstack as a child process of a --local run.
//
// Contract:
// - Start runs `BINARY --listen 127.0.0.1:0 --executor-config CONFIG` and
//   waits for its "listening on HOST:PORT" stdout line; a child that exits or
//   stays silent past the timeout is an error (and is reaped or killed).
// - The child gets its own process group, so a terminal's Ctrl-C reaches only
//   this runner, which then cleans up (cancels job sets) before stopping the
//   child; and it is sent SIGTERM should this process die without stopping it.
// - Stop (also run by the destructor) sends SIGTERM, waits for the child to
//   exit, and kills its process group after a grace period: nothing is left
//   behind.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "common/status.h"

namespace armada::runner {

class LocalStack {
 public:
  // Starts the server and returns once it listens.
  static StatusOr<std::unique_ptr<LocalStack>> Start(const std::string& binary,
                                                     const std::string& executor_config,
                                                     std::chrono::seconds startup_timeout);
  ~LocalStack();
  LocalStack(const LocalStack&) = delete;
  LocalStack& operator=(const LocalStack&) = delete;

  // HOST:PORT the server listens on.
  const std::string& address() const { return address_; }
  // Stops the server; idempotent.
  void Stop();

 private:
  LocalStack(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {}
  // Relays the child's further stdout lines to the debug log until Stop.
  void Drain();

  pid_t pid_;
  int stdout_fd_;
  std::string address_;
  std::string pending_output_;
  std::atomic<bool> stopping_{false};
  std::thread drain_;
};

// armada-localstack beside this executable, else on PATH.
StatusOr<std::string> FindLocalStackBinary();

// e2e-config/executor_config.yaml under the working directory, else under
// the source tree this binary was built from.
StatusOr<std::string> FindExecutorConfig();

}  // namespace armada::runner
