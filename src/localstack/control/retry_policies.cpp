#include "localstack/control/retry_policies.h"

namespace armada::localstack {
namespace {

Status NotFound(const std::string& name) {
  return Status::NotFound("could not find retry policy \"" + name + "\"");
}

}  // namespace

void RetryPolicies::Create(const api::RetryPolicy& policy) {
  std::lock_guard<std::mutex> lock(mu_);
  policies_[policy.name()] = policy;
}

Status RetryPolicies::Update(const api::RetryPolicy& policy) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = policies_.find(policy.name());
  if (it == policies_.end()) return NotFound(policy.name());
  it->second = policy;
  return Status();
}

void RetryPolicies::Delete(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  policies_.erase(name);
}

StatusOr<api::RetryPolicy> RetryPolicies::Get(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = policies_.find(name);
  if (it == policies_.end()) return NotFound(name);
  return it->second;
}

std::vector<api::RetryPolicy> RetryPolicies::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<api::RetryPolicy> all;
  for (const auto& [name, policy] : policies_) all.push_back(policy);
  return all;
}

std::vector<std::string> RetryPolicies::Missing(
    const google::protobuf::RepeatedPtrField<std::string>& names) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    if (policies_.count(name) == 0) missing.push_back(name);
  }
  return missing;
}

}  // namespace armada::localstack
