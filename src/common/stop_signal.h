// A one-way "stop now" signal shared between the thread that decides to stop
// (a SIGINT, --fail-fast, a test's timeout) and the threads doing the work,
// arranged in a tree as a Go context is: a child counts as stopped once its
// parent has, and stopping a parent wakes every waiter below it at once. No
// waiter polls.
//
// Contract:
// - Stopping is sticky, and the first reason given is the one kept.
// - StopAt makes a signal stop by itself at a time (a test's timeout), so
//   every wait and call made on its behalf ends then. Set it before
//   children wait on it: a waiter reads its ancestors' times when it starts.
// - A parent outlives its children; a child registers with its parent on
//   construction and leaves on destruction.
// - OnStop callbacks run once, on the stopping thread, when this signal or an
//   ancestor is stopped by Stop (a StopAt time passing runs none: waiters
//   wait until that time themselves). A callback must not stop, create or
//   register on signals, and its Registration must not be destroyed while holding a lock
//   the callback takes.
// Lock order: a signal's tree lock, then its children's tree locks, then
// their state locks; stopped() and reason() take only state locks, one at a
// time, so they may be called under any lock of the caller's.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace armada {

class StopSignal {
 public:
  using Clock = std::chrono::steady_clock;

  // A signal that also counts as stopped once parent has (parent may be null).
  explicit StopSignal(const StopSignal* parent = nullptr);
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // Marks the signal stopped with a reason for the reports; later calls keep
  // the first reason. Wakes every WaitFor on it and its descendants and runs
  // their OnStop callbacks.
  void Stop(const std::string& reason);

  // Makes the signal stop by itself with reason once when has come, unless
  // it stopped before.
  void StopAt(Clock::time_point when, const std::string& reason);

  // True once this signal or an ancestor has stopped.
  bool stopped() const;

  // Why it stopped (this signal's own reason first, else the nearest
  // ancestor's); empty when not stopped.
  std::string reason() const;

  // Sleeps up to d, returning early (true) as soon as stopped() holds.
  bool WaitFor(Clock::duration d) const;

  // A timeout for one call made on this signal's behalf: limit, cut short
  // when a StopAt time (its own or an ancestor's) comes sooner, so the call
  // cannot outlast it. A cut timeout ends a moment after that time, so a
  // call it ends finds stopped() already true.
  std::chrono::milliseconds CallTimeout(std::chrono::milliseconds limit) const;

  // Keeps an OnStop callback registered while it lives.
  class Registration {
   public:
    Registration(Registration&& other) noexcept;
    Registration& operator=(Registration&&) = delete;
    Registration(const Registration&) = delete;
    ~Registration();

   private:
    friend class StopSignal;
    using Handle = std::list<std::function<void()>>::iterator;
    Registration(const StopSignal* signal, Handle handle) : signal_(signal), handle_(handle) {}
    const StopSignal* signal_;
    Handle handle_;
  };

  // Runs callback when the signal is stopped by Stop (its own or an
  // ancestor's); at once, on this thread, if it already was.
  [[nodiscard]] Registration OnStop(std::function<void()> callback) const;

 private:
  // Expects mu_ held.
  bool StoppedHere(Clock::time_point now) const;
  // The earliest StopAt time of this signal and its ancestors.
  std::optional<Clock::time_point> EarliestStopAt() const;
  // An ancestor stopped: wake waiters, run callbacks, tell the children.
  // Expects the parent's tree_mu_ held (or, for the signal stopped, none).
  void Wake(bool ancestor) const;

  const StopSignal* const parent_;

  // Guards the state below; held only briefly, never while taking another.
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stopped_ = false;
  mutable bool ancestor_stopped_ = false;
  std::string reason_;
  std::optional<Clock::time_point> stop_at_;
  std::string stop_at_reason_;

  // Guards children_ and callbacks_, and is held while waking them.
  mutable std::mutex tree_mu_;
  mutable std::vector<const StopSignal*> children_;
  mutable std::list<std::function<void()>> callbacks_;
  mutable bool woken_ = false;  // callbacks ran and children were told
};

}  // namespace armada
