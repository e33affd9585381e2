// The retry policies armada-localstack holds (Armada's retry_policy table,
// internal/server/retrypolicy/repository.go@v0.22.7), in memory: they are not
// kept in --data-dir. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

class RetryPolicies {
 public:
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
  mutable std::mutex mu_;
  std::map<std::string, api::RetryPolicy> policies_;
};

}  // namespace armada::localstack
