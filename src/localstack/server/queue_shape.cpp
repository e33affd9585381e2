#include "localstack/server/queue_shape.h"

#include <algorithm>

namespace armada::localstack {

api::Queue ArmadaShape(const api::Queue& queue, ArmadaGeneration generation) {
  api::Queue shaped;
  shaped.set_name(queue.name());
  shaped.set_priority_factor(queue.priority_factor());
  if (!queue.user_owners().empty() || !queue.group_owners().empty()) {
    auto* owners = shaped.add_permissions();
    for (const auto& user : queue.user_owners()) {
      auto* subject = owners->add_subjects();
      subject->set_kind("User");
      subject->set_name(user);
    }
    for (const auto& group : queue.group_owners()) {
      auto* subject = owners->add_subjects();
      subject->set_kind("Group");
      subject->set_name(group);
    }
    for (const char* verb : {"submit", "cancel", "preempt", "reprioritize", "watch"}) {
      owners->add_verbs(verb);
    }
  }
  for (const auto& permission : queue.permissions()) *shaped.add_permissions() = permission;
  *shaped.mutable_resource_limits_by_priority_class_name() =
      queue.resource_limits_by_priority_class_name();
  shaped.set_cordoned(queue.cordoned());
  *shaped.mutable_labels() = queue.labels();
  if (generation == ArmadaGeneration::kV0_22_7) {
    // A name repeated keeps its first place (InsertQueueRetryPolicy,
    // internal/server/queryapi/database/query.sql@v0.22.7).
    for (const auto& name : queue.retry_policies()) {
      const auto& kept = shaped.retry_policies();
      if (std::find(kept.begin(), kept.end(), name) == kept.end()) shaped.add_retry_policies(name);
    }
  }
  return shaped;
}

}  // namespace armada::localstack
