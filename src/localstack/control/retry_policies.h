// The retry policies armada-localstack holds (Armada's retry_policy table,
// internal/server/retrypolicy/repository.go@v0.22.7), written through to the
// Store when there is one (--data-dir), as the queues that name them are.
// Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

class Store;

class RetryPolicies {
 public:
  // `store` (may be null) must outlive this; its policies are loaded now.
  explicit RetryPolicies(Store* store = nullptr);

  // Adds the policy or replaces the one of its name (Armada's upsert).
  void Create(const api::RetryPolicy& policy);
  // Replaces the policy of its name; NOT_FOUND "could not find retry policy
  // "NAME"" when there is none.
  Status Update(const api::RetryPolicy& policy);
  void Delete(const std::string& name);
  // NOT_FOUND as Update when there is none.
  StatusOr<api::RetryPolicy> Get(const std::string& name) const;
  // Every policy, by name.
  std::vector<api::RetryPolicy> List() const;
  // The names of `names` no policy has, in their order.
  std::vector<std::string> Missing(
      const google::protobuf::RepeatedPtrField<std::string>& names) const;

 private:
  // Writes the policy (or its removal) through to store_, if any.
  void Save(const std::string& name, const api::RetryPolicy* policy) const;

  Store* const store_;
  mutable std::mutex mu_;
  std::map<std::string, api::RetryPolicy> policies_;
};

}  // namespace armada::localstack
