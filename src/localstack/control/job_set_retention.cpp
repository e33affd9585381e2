#include "localstack/control/job_set_retention.h"

namespace armada::localstack {

void FinishedJobSets::Finished(const Key& job_set, Clock::time_point now) {
  Reopened(job_set);
  order_.emplace_back(job_set, now);
  index_[job_set] = std::prev(order_.end());
}

void FinishedJobSets::Reopened(const Key& job_set) {
  const auto it = index_.find(job_set);
  if (it == index_.end()) return;
  order_.erase(it->second);
  index_.erase(it);
}

std::vector<FinishedJobSets::Key> FinishedJobSets::TakeExpired(Clock::time_point now) {
  std::vector<Key> expired;
  while (!order_.empty() &&
         (order_.size() > config_.max_finished || now - order_.front().second >= config_.max_age)) {
    expired.push_back(order_.front().first);
    index_.erase(order_.front().first);
    order_.pop_front();
  }
  return expired;
}

}  // namespace armada::localstack
