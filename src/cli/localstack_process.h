// armada-localstack as a child process of a --local run, started through
// Boost.Process.
//
// Contract:
// - Start runs `BINARY --listen 127.0.0.1:0 --executor-config CONFIG
//   --token-file TOKEN_FILE [EXTRA_ARGS...]` (the server writes its token
//   there; extra args are the user's --localstack-arg flags) and
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
// Threads: one reader thread relays the child's stdout and is the only one
// that reaps it; Stop waits for it to see the exit. The public methods are
// called from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"

namespace armada::cli {

class LocalStackProcess {
 public:
  // Starts the server, its log written to log_path (truncated first), and
  // returns once it listens.
  static StatusOr<std::unique_ptr<LocalStackProcess>> Start(
      const std::string& binary, const std::string& executor_config, const std::string& log_path,
      const std::string& token_file, std::chrono::seconds startup_timeout,
      const std::vector<std::string>& extra_args = {});
  ~LocalStackProcess();
  LocalStackProcess(const LocalStackProcess&) = delete;
  LocalStackProcess& operator=(const LocalStackProcess&) = delete;

  // HOST:PORT the server listens on.
  const std::string& address() const { return address_; }
  // Stops the server; idempotent.
  void Stop();
  // "" while the server runs (or once Stop began); else how it died, e.g.
  // "armada-localstack was killed by signal 9 while the tests ran".
  // Thread-safe: the runner's tests ask it (runner::TestEnvironment).
  std::string Death() const;

 private:
  struct Child;
  LocalStackProcess(std::unique_ptr<Child> child, std::string log_path);

  // The reader thread: relays stdout lines (the listening one sets
  // address_), then at end of stream reaps the child and, unless Stop
  // began, logs its death.
  void Read();
  // "<what>; the end of its log (PATH):" and that end, for an error.
  std::string WithLogTail(const std::string& what) const;
  // Waits until the reader saw the child exit or until deadline; true when
  // it exited. Expects mu_ held through lock.
  bool WaitExited(std::unique_lock<std::mutex>& lock,
                  std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<Child> child_;
  const std::string log_path_;
  std::thread reader_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  // Guarded by mu_:
  std::string address_;           // written once, before Start returns
  bool output_closed_ = false;    // the child's stdout ended
  std::optional<int> exit_code_;  // 128+signal for a signal, as a shell says
  bool stopping_ = false;
};

// armada-localstack beside this executable, else on PATH.
StatusOr<std::string> FindLocalStackBinary();

// e2e-config/executor_config.yaml under the working directory, else under
// the nearest directory above this binary that has one (the source tree for
// build/bin/, share/armada-testsuite/ for an installed bin/).
StatusOr<std::string> FindExecutorConfig();

}  // namespace armada::cli
