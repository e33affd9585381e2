#include "localstack/control/retry_policies.h"

#include <spdlog/spdlog.h>

#include "localstack/control/store.h"

namespace armada::localstack {
namespace {

Status NotFound(const std::string& name) {
  return Status::NotFound("could not find retry policy \"" + name + "\"");
}

}  // namespace

RetryPolicies::RetryPolicies(Store* store) : store_(store) {
  if (store_ == nullptr) return;
  auto stored = store_->LoadRetryPolicies();
  if (!stored.ok()) {
    spdlog::error("{}", stored.status().message());
    return;
  }
  for (auto& policy : *stored) policies_.emplace(policy.name(), std::move(policy));
}

void RetryPolicies::Save(const std::string& name, const api::RetryPolicy* policy) const {
  if (store_ == nullptr) return;
  const Status s = policy ? store_->PutRetryPolicy(*policy) : store_->DeleteRetryPolicy(name);
  if (!s.ok()) spdlog::error("retry policy \"{}\": {}", name, s.message());
}

void RetryPolicies::Create(const api::RetryPolicy& policy) {
  std::lock_guard<std::mutex> lock(mu_);
  policies_[policy.name()] = policy;
  Save(policy.name(), &policy);
}

Status RetryPolicies::Update(const api::RetryPolicy& policy) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = policies_.find(policy.name());
  if (it == policies_.end()) return NotFound(policy.name());
  it->second = policy;
  Save(policy.name(), &policy);
  return Status();
}

void RetryPolicies::Delete(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (policies_.erase(name) > 0) Save(name, nullptr);
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
