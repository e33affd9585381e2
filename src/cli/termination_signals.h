// SIGINT and SIGTERM as events the run reacts to (stop submitting, cancel job
// sets, write reports) rather than an abrupt death.
//
// Contract: the constructor blocks both signals in the calling thread, so
// every thread started afterwards inherits the block, and one dedicated
// thread receives them and calls on_signal(signo) for each. Construct it
// before any other thread exists (gRPC starts threads with its first
// channel). The destructor stops that thread and restores the mask.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace armada::cli {

class TerminationSignals {
 public:
  explicit TerminationSignals(std::function<void(int)> on_signal);
  ~TerminationSignals();
  TerminationSignals(const TerminationSignals&) = delete;
  TerminationSignals& operator=(const TerminationSignals&) = delete;

 private:
  sigset_t previous_mask_;
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

}  // namespace armada::cli
