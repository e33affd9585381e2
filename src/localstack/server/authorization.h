// What a caller may do, as Armada's server decides it (v0.22.7
// internal/common/auth/authorization.go and permissions.go): the one layer
// the services call before they act.
//
// Contract:
// - A global permission (e.g. cancel_any_jobs) is held when one of the
//   caller's groups, token scopes or token claim names is listed under it in
//   localstack.yaml's permissionGroupMapping, permissionScopeMapping or
//   permissionClaimMapping. The server's token holds them all (callers.h).
// - A queue action passes when the caller holds its global permission OR the
//   queue grants the verb (submit, cancel, preempt, reprioritize, watch) to
//   the caller by name (kind "User") or to one of its groups (kind "Group"),
//   in `permissions` or as a user/group owner (owners get every verb).
// - Which call checks what, the code and the message, as v0.22.7's handlers
//   (internal/server/submit/submit.go, queue/queue_service.go,
//   event/event.go, node/node.go): see kRules in authorization.cpp. Cancel,
//   cancel job set, preempt and reprioritize answer UNKNOWN, as Armada's do
//   (its ErrUnauthorized carries no gRPC code there); the others
//   PERMISSION_DENIED.
// - A queue that does not exist is not the layer's to refuse: Check passes
//   and the call answers as it does for a missing queue.
// - Calls not listed (health, GetQueue(s), GetActiveQueues, logs) need an
//   authenticated caller only, as in Armada.
// Thread-safe.
#pragma once

#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "api/localstack_config.pb.h"
#include "common/status.h"
#include "localstack/control/queue_store.h"
#include "localstack/server/callers.h"

namespace armada::localstack {

enum class Rpc {
  kSubmitJobs,
  kCancelJobs,
  kCancelJobSet,
  kPreemptJobs,
  kReprioritizeJobs,
  kGetJobSetEvents,
  kCreateQueue,
  kUpdateQueue,
  kDeleteQueue,
  kCordonQueue,
  kUncordonQueue,
  kCancelOnNode,
  kPreemptOnNode,
  kCreateRetryPolicy,
  kUpdateRetryPolicy,
  kDeleteRetryPolicy,
};

class Authorizer {
 public:
  Authorizer(std::shared_ptr<const Callers> callers, config::Auth auth, QueueStore& queues)
      : callers_(std::move(callers)), auth_(std::move(auth)), queues_(queues) {}

  // Whether the caller of `context` may make `rpc` on `target`: the queue
  // (or the node's name for the node calls); `job_set` only for
  // GetJobSetEvents' message. On success the caller; on failure Armada's
  // refusal.
  StatusOr<Principal> Check(const grpc::ServerContextBase& context, Rpc rpc,
                            const std::string& target, const std::string& job_set = "") const;

  // The caller of `context`.
  StatusOr<Principal> Caller(const grpc::ServerContextBase& context) const;

  // Armada's UserHasPermission.
  bool HasPermission(const Principal& principal, const std::string& permission) const;

 private:
  const std::shared_ptr<const Callers> callers_;
  const config::Auth auth_;
  QueueStore& queues_;
};

}  // namespace armada::localstack
