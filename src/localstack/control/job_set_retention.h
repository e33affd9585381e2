// Which finished job sets armada-localstack still keeps. A job set is
// finished while none of its jobs is unfinished; it is released (its jobs and
// event log dropped, see Cluster) once more than `max_finished` job sets are
// finished (oldest first) or it has been finished for `max_age`, so memory
// stays bounded under continuous load. A released job set reads as one never
// used: a watcher's next message id is unknown, and a new submission to it
// starts a new log.
//
// Not thread-safe: the Cluster calls it under its lock.
#pragma once

#include <chrono>
#include <list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace armada::localstack {

struct RetentionConfig {
  size_t max_finished = 1000;
  std::chrono::seconds max_age{3600};
};

class FinishedJobSets {
 public:
  using Clock = std::chrono::steady_clock;
  // (queue, job set)
  using Key = std::pair<std::string, std::string>;

  explicit FinishedJobSets(RetentionConfig config) : config_(config) {}

  // The job set's last unfinished job ended at `now`.
  void Finished(const Key& job_set, Clock::time_point now);
  // The job set got a new job, so it is no longer finished.
  void Reopened(const Key& job_set);
  // Removes and returns the job sets to release at `now`, oldest first.
  std::vector<Key> TakeExpired(Clock::time_point now);

  size_t size() const { return order_.size(); }

 private:
  const RetentionConfig config_;
  // Oldest first.
  std::list<std::pair<Key, Clock::time_point>> order_;
  std::map<Key, std::list<std::pair<Key, Clock::time_point>>::iterator> index_;
};

}  // namespace armada::localstack
