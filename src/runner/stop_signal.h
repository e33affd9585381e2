// A one-way "stop now" flag shared between the thread that decides to stop a
// run (a signal, --fail-fast, a test's own end) and the threads doing the
// work. Stopping is sticky, and the first reason given is the one kept.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace armada::runner {

class StopSignal {
 public:
  // A signal that also counts as stopped once parent has (parent may be null
  // and must outlive this one).
  explicit StopSignal(const StopSignal* parent = nullptr) : parent_(parent) {}

  // Marks the signal stopped with a reason for the reports; later calls keep
  // the first reason. Wakes every WaitFor.
  void Stop(const std::string& reason);

  // True once this signal or its parent has been stopped.
  bool stopped() const;

  // Why it stopped (this signal's own reason first, else the parent's); empty
  // when not stopped.
  std::string reason() const;

  // Sleeps up to d, returning early (true) as soon as stopped() holds.
  bool WaitFor(std::chrono::steady_clock::duration d) const;

 private:
  const StopSignal* parent_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stopped_ = false;
  std::string reason_;
};

}  // namespace armada::runner
