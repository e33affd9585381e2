#include "localstack/config/default_job_limits.h"

namespace armada::localstack {
namespace {

void Apply(const ResourceDefaults& defaults, k8s::io::api::core::v1::Container* container) {
  auto* resources = container->mutable_resources();
  for (const auto& [name, quantity] : defaults) {
    if (resources->limits().count(name) > 0 || resources->requests().count(name) > 0) continue;
    (*resources->mutable_requests())[name].set_string(quantity);
    (*resources->mutable_limits())[name].set_string(quantity);
  }
}

}  // namespace

ResourceDefaults ArmadaDefaultJobLimits() {
  return {{"cpu", "1"}, {"memory", "1Gi"}, {"ephemeral-storage", "8Gi"}};
}

void ApplyDefaultJobLimits(const ResourceDefaults& defaults, k8s::io::api::core::v1::PodSpec* pod) {
  for (auto& container : *pod->mutable_containers()) Apply(defaults, &container);
  for (auto& container : *pod->mutable_initcontainers()) Apply(defaults, &container);
}

}  // namespace armada::localstack
