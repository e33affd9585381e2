#include "localstack/pod/pod_control.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace armada::localstack {

PodControl::PodControl() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

PodControl::~PodControl() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void PodControl::Stop(std::optional<int64_t> grace_seconds) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A second request may only shorten the wait (shutdown after a cancel).
    if (stop_ && (!grace_seconds || (grace_ && *grace_ <= *grace_seconds))) return;
    stop_ = true;
    grace_ = grace_seconds;
  }
  changed_.notify_all();
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    // Only fails when the counter is full, and then it is readable anyway.
    [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
  }
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

void PodControl::TakeWake() const {
  if (wake_fd_ < 0) return;
  uint64_t count;
  [[maybe_unused]] const ssize_t read = ::read(wake_fd_, &count, sizeof count);
}

}  // namespace armada::localstack
