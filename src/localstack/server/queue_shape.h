// A queue as Armada's queue repository holds and returns it: queue.NewQueue
// then Queue.ToAPI (pkg/client/queue/queue.go@v0.22.7, the same at v0.20.40).
//
// Contract of ArmadaShape:
// - user_owners and group_owners become one leading permission whose
//   subjects are the users (kind "User") then the groups (kind "Group"), with
//   every verb: submit, cancel, preempt, reprioritize, watch
//   (AllPermissionVerbs, pkg/client/queue/permission_verb.go@v0.22.7); the
//   request's own permissions follow.
// - The owners, the deprecated resource_limits and labels_deprecated are
//   dropped; name, priority_factor, resource_limits_by_priority_class_name,
//   cordoned and labels are kept; retry_policies are kept at v0.22.7 (a
//   repeated name once, at its first place) and dropped at v0.20.40, which
//   has no such field.
// Applied once, when a queue is created or updated, so GetQueue and
// GetQueues return what Armada returns.
#pragma once

#include "api/submit.pb.h"
#include "localstack/config/executor_config.h"

namespace armada::localstack {

api::Queue ArmadaShape(const api::Queue& queue, ArmadaGeneration generation);

}  // namespace armada::localstack
