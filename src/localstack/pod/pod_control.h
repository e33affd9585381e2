// A thread-safe request to end a running pod early (cancel, preempt,
// shutdown), passed from the Cluster to whichever PodRunner runs the pod.
//
// Contract: Stop may come at any time, also before the pod starts; the first
// call decides that the pod ends, later calls can only shorten the grace
// period (a shutdown after a cancel), never lengthen it or undo the stop.
// Every waiter in WaitFor wakes on Stop, and wake_fd turns readable on every
// Stop that changed the request, so a runner waiting on processes with
// poll(2) wakes too. Thread-safe; copying deleted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace armada::localstack {

class PodControl {
 public:
  PodControl();
  ~PodControl();
  PodControl(const PodControl&) = delete;
  PodControl& operator=(const PodControl&) = delete;

  // Asks the pod to end. `grace_seconds` overrides the pod's grace period.
  void Stop(std::optional<int64_t> grace_seconds = std::nullopt);
  bool stop_requested() const;
  // The grace period Stop asked for, if it asked for one.
  std::optional<int64_t> grace_override() const;
  // Sleeps up to `timeout`, waking early on Stop; returns stop_requested().
  bool WaitFor(std::chrono::steady_clock::duration timeout) const;

  // A descriptor that polls readable after a Stop that changed the request,
  // until TakeWake; -1 when the host has no eventfd. Only the pod's runner
  // waits on it.
  int wake_fd() const { return wake_fd_; }
  // Makes wake_fd unreadable again until the next change.
  void TakeWake() const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  bool stop_ = false;
  std::optional<int64_t> grace_;
  const int wake_fd_;
};

}  // namespace armada::localstack
