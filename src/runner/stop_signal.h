// A one-way "stop now" flag shared between the thread that decides to stop a
// run (a signal, --fail-fast, a test's own end) and the threads doing the
// work. Stopping is sticky, and the first reason given is the one kept. A
// signal may also be given a time at which it stops by itself (a test's
// timeout), so every wait and call made on its behalf ends then.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace armada::runner {

class StopSignal {
 public:
  using Clock = std::chrono::steady_clock;

  // A signal that also counts as stopped once parent has (parent may be null
  // and must outlive this one).
  explicit StopSignal(const StopSignal* parent = nullptr) : parent_(parent) {}

  // Marks the signal stopped with a reason for the reports; later calls keep
  // the first reason. Wakes every WaitFor.
  void Stop(const std::string& reason);

  // Makes the signal stop by itself with reason once when has come, unless
  // it stopped before.
  void StopAt(Clock::time_point when, const std::string& reason);

  // True once this signal or its parent has been stopped.
  bool stopped() const;

  // Why it stopped (this signal's own reason first, else the parent's); empty
  // when not stopped.
  std::string reason() const;

  // Sleeps up to d, returning early (true) as soon as stopped() holds.
  bool WaitFor(Clock::duration d) const;

  // A timeout for one call made on this signal's behalf: limit, cut short
  // when a StopAt time (its own or a parent's) comes sooner, so the call
  // cannot outlast it. A cut timeout ends a moment after that time, so a
  // call it ends finds stopped() already true.
  std::chrono::milliseconds CallTimeout(std::chrono::milliseconds limit) const;

 private:
  // Expects mu_ held.
  bool PastStopTime(Clock::time_point now) const;

  const StopSignal* parent_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stopped_ = false;
  std::string reason_;
  std::optional<Clock::time_point> stop_at_;
  std::string stop_at_reason_;
};

}  // namespace armada::runner
