#include "runner/stop_signal.h"

#include <algorithm>

namespace armada::runner {

void StopSignal::Stop(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    reason_ = reason;
  }
  cv_.notify_all();
}

bool StopSignal::stopped() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return true;
  }
  return parent_ != nullptr && parent_->stopped();
}

std::string StopSignal::reason() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return reason_;
  }
  return parent_ != nullptr ? parent_->reason() : std::string();
}

bool StopSignal::WaitFor(std::chrono::steady_clock::duration d) const {
  // The parent cannot wake this condition variable, so wait in short slices
  // and look at it between them; a stop is noticed within one slice.
  constexpr auto kSlice = std::chrono::milliseconds(50);
  const auto deadline = std::chrono::steady_clock::now() + d;
  while (true) {
    if (parent_ != nullptr && parent_->stopped()) return true;
    std::unique_lock<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (stopped_) return true;
    if (now >= deadline) return false;
    const auto step = std::min<std::chrono::steady_clock::duration>(deadline - now, kSlice);
    cv_.wait_for(lock, step, [this] { return stopped_; });
  }
}

}  // namespace armada::runner
