#include "runner/stop_signal.h"

#include <algorithm>

namespace armada::runner {
namespace {

// How long past a StopAt time a cut call may run: enough for the clocks of
// gRPC and of this process to agree that the time has come.
constexpr auto kCallGrace = std::chrono::milliseconds(100);

}  // namespace

void StopSignal::Stop(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    // A StopAt time already past stopped the signal first.
    reason_ = PastStopTime(Clock::now()) ? stop_at_reason_ : reason;
  }
  cv_.notify_all();
}

void StopSignal::StopAt(Clock::time_point when, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  stop_at_ = when;
  stop_at_reason_ = reason;
}

bool StopSignal::PastStopTime(Clock::time_point now) const {
  return stop_at_.has_value() && now >= *stop_at_;
}

bool StopSignal::stopped() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_ || PastStopTime(Clock::now())) return true;
  }
  return parent_ != nullptr && parent_->stopped();
}

std::string StopSignal::reason() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return reason_;
    if (PastStopTime(Clock::now())) return stop_at_reason_;
  }
  return parent_ != nullptr ? parent_->reason() : std::string();
}

bool StopSignal::WaitFor(Clock::duration d) const {
  // The parent cannot wake this condition variable, so wait in short slices
  // and look at it between them; a stop is noticed within one slice.
  constexpr auto kSlice = std::chrono::milliseconds(50);
  const auto deadline = Clock::now() + d;
  while (true) {
    if (parent_ != nullptr && parent_->stopped()) return true;
    std::unique_lock<std::mutex> lock(mu_);
    const auto now = Clock::now();
    if (stopped_ || PastStopTime(now)) return true;
    if (now >= deadline) return false;
    auto wake = std::min<Clock::time_point>(deadline, now + kSlice);
    if (stop_at_) wake = std::min(wake, *stop_at_);
    cv_.wait_until(lock, wake, [this] { return stopped_; });
  }
}

std::chrono::milliseconds StopSignal::CallTimeout(std::chrono::milliseconds limit) const {
  std::chrono::milliseconds timeout = parent_ != nullptr ? parent_->CallTimeout(limit) : limit;
  std::lock_guard<std::mutex> lock(mu_);
  if (!stop_at_) return timeout;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*stop_at_ - Clock::now());
  return std::min(timeout, std::max(left, std::chrono::milliseconds(0)) + kCallGrace);
}

}  // namespace armada::runner
