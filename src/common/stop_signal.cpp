#include "common/stop_signal.h"

#include <algorithm>

namespace armada {
namespace {

// How long past a StopAt time a cut call may run: enough for the clocks of
// gRPC and of this process to agree that the time has come.
constexpr auto kCallGrace = std::chrono::milliseconds(100);

}  // namespace

StopSignal::StopSignal(const StopSignal* parent) : parent_(parent) {
  if (parent_ == nullptr) return;
  std::lock_guard<std::mutex> tree(parent_->tree_mu_);
  parent_->children_.push_back(this);
  // A parent that stopped before this child existed has woken its children
  // already; this one starts out woken.
  if (parent_->woken_ || parent_->stopped()) {
    ancestor_stopped_ = true;
    woken_ = true;
  }
}

StopSignal::~StopSignal() {
  if (parent_ == nullptr) return;
  std::lock_guard<std::mutex> tree(parent_->tree_mu_);
  auto& siblings = parent_->children_;
  siblings.erase(std::find(siblings.begin(), siblings.end(), this));
}

void StopSignal::Stop(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    // A StopAt time already past stopped the signal first.
    reason_ = stop_at_ && Clock::now() >= *stop_at_ ? stop_at_reason_ : reason;
  }
  Wake(false);
}

void StopSignal::Wake(bool ancestor) const {
  std::lock_guard<std::mutex> tree(tree_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (ancestor) ancestor_stopped_ = true;
  }
  cv_.notify_all();
  if (woken_) return;
  woken_ = true;
  for (const auto& callback : callbacks_) callback();
  for (const StopSignal* child : children_) child->Wake(true);
}

void StopSignal::StopAt(Clock::time_point when, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  stop_at_ = when;
  stop_at_reason_ = reason;
}

bool StopSignal::StoppedHere(Clock::time_point now) const {
  return stopped_ || ancestor_stopped_ || (stop_at_ && now >= *stop_at_);
}

bool StopSignal::stopped() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (StoppedHere(Clock::now())) return true;
  }
  return parent_ != nullptr && parent_->stopped();
}

std::string StopSignal::reason() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return reason_;
    if (stop_at_ && Clock::now() >= *stop_at_) return stop_at_reason_;
  }
  return parent_ != nullptr ? parent_->reason() : std::string();
}

std::optional<StopSignal::Clock::time_point> StopSignal::EarliestStopAt() const {
  std::optional<Clock::time_point> at;
  {
    std::lock_guard<std::mutex> lock(mu_);
    at = stop_at_;
  }
  if (parent_ != nullptr) {
    if (auto above = parent_->EarliestStopAt(); above && (!at || *above < *at)) at = above;
  }
  return at;
}

bool StopSignal::WaitFor(Clock::duration d) const {
  auto wake = Clock::now() + d;
  if (auto at = EarliestStopAt()) wake = std::min(wake, *at);
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_until(lock, wake, [this] { return stopped_ || ancestor_stopped_; });
  }
  return stopped();
}

std::chrono::milliseconds StopSignal::CallTimeout(std::chrono::milliseconds limit) const {
  const auto at = EarliestStopAt();
  if (!at) return limit;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*at - Clock::now());
  return std::min(limit, std::max(left, std::chrono::milliseconds(0)) + kCallGrace);
}

StopSignal::Registration StopSignal::OnStop(std::function<void()> callback) const {
  std::unique_lock<std::mutex> tree(tree_mu_);
  if (woken_) {
    tree.unlock();
    callback();
    return Registration(nullptr, {});
  }
  callbacks_.push_back(std::move(callback));
  return Registration(this, std::prev(callbacks_.end()));
}

StopSignal::Registration::Registration(Registration&& other) noexcept
    : signal_(other.signal_), handle_(other.handle_) {
  other.signal_ = nullptr;
}

StopSignal::Registration::~Registration() {
  if (signal_ == nullptr) return;
  std::lock_guard<std::mutex> tree(signal_->tree_mu_);
  signal_->callbacks_.erase(handle_);
}

}  // namespace armada
