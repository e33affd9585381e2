#include "localstack/pod_control.h"

namespace armada::localstack {

void PodControl::Stop(std::optional<int64_t> grace_seconds) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A second request may only shorten the wait (shutdown after a cancel).
    if (stop_ && (!grace_seconds || (grace_ && *grace_ <= *grace_seconds))) return;
    stop_ = true;
    grace_ = grace_seconds;
  }
  changed_.notify_all();
}

bool PodControl::stop_requested() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stop_;
}

std::optional<int64_t> PodControl::grace_override() const {
  std::lock_guard<std::mutex> lock(mu_);
  return grace_;
}

bool PodControl::WaitFor(std::chrono::steady_clock::duration timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return stop_; });
}

}  // namespace armada::localstack
