// The queues jobs are submitted to, with Armada's API semantics: a queue must
// exist before jobs go to it, creating an existing queue is ALREADY_EXISTS and
// touching a missing one NOT_FOUND (Status codes, which the server puts on the
// wire as they are). With a Store, queues are loaded from it and every
// change is written to it. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

class Store;

class QueueStore {
 public:
  // `store` (may be null) must outlive the QueueStore.
  explicit QueueStore(Store* store = nullptr);

  // Adds a queue; INVALID_ARGUMENT without a name, ALREADY_EXISTS for a taken one.
  Status Create(const api::Queue& queue);
  // Replaces a queue's settings; NOT_FOUND when it does not exist.
  Status Update(const api::Queue& queue);
  // Removes a queue; NOT_FOUND when it does not exist.
  Status Delete(const std::string& name);
  // Copies the queue into `out`; NOT_FOUND when it does not exist.
  Status Get(const std::string& name, api::Queue* out) const;
  bool Exists(const std::string& name) const;
  // All queues by name; at most `limit` of them when limit > 0.
  std::vector<api::Queue> List(size_t limit) const;

 private:
  // Writes the queue (or its removal) through to store_, if any.
  void Save(const std::string& name, const api::Queue* queue) const;

  Store* const store_;
  mutable std::mutex mu_;
  std::map<std::string, api::Queue> queues_;
};

}  // namespace armada::localstack
