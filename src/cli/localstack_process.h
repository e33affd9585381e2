// armada-localstack as a child process of a --local run.
//
// Contract:
// - Start runs `BINARY --listen 127.0.0.1:0 --executor-config CONFIG` and
//   waits for its "listening on HOST:PORT" stdout line; a child that exits or
//   stays silent past the timeout is an error (and is reaped or killed).
// - The child's own log (its stderr) goes to a file, never to the console,
//   where it would break into the runner's lines and live status. When the
//   child fails to start, the error holds the end of that file; when it dies
//   while running, that end is logged as an error at once.
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
#include <utility>

#include "common/status.h"

namespace armada::cli {

class LocalStack {
 public:
  // Starts the server, its log written to log_path (truncated first), and
  // returns once it listens.
  static StatusOr<std::unique_ptr<LocalStack>> Start(const std::string& binary,
                                                     const std::string& executor_config,
                                                     const std::string& log_path,
                                                     std::chrono::seconds startup_timeout);
  ~LocalStack();
  LocalStack(const LocalStack&) = delete;
  LocalStack& operator=(const LocalStack&) = delete;

  // HOST:PORT the server listens on.
  const std::string& address() const { return address_; }
  // Stops the server; idempotent.
  void Stop();

 private:
  LocalStack(pid_t pid, int stdout_fd, std::string log_path)
      : pid_(pid), stdout_fd_(stdout_fd), log_path_(std::move(log_path)) {}
  // Relays the child's further stdout lines to the debug log until Stop, and
  // reports the child's death should its stdout close before then.
  void Drain(pid_t pid);
  // Logs how the child pid ended, with its log's tail, unless Stop began.
  void ReportDeath(pid_t pid);
  // "<what>; the end of its log (PATH):" and that end, for an error.
  std::string WithLogTail(const std::string& what) const;

  pid_t pid_;
  int stdout_fd_;
  const std::string log_path_;
  std::string address_;
  std::string pending_output_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> death_reported_{false};
  std::thread drain_;
};

// armada-localstack beside this executable, else on PATH.
StatusOr<std::string> FindLocalStackBinary();

// e2e-config/executor_config.yaml under the working directory, else under
// the nearest directory above this binary that has one (the source tree for
// build/bin/, share/armada-testsuite/ for an installed bin/).
StatusOr<std::string> FindExecutorConfig();

}  // namespace armada::cli
