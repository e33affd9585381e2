// Armada's api.RetryPolicyService (internal/server/retrypolicy/service.go and
// validation.go@v0.22.7), served only when armada-localstack answers as
// v0.22.7 (executor_config.h); at v0.20.40, which has no such service, a call
// is UNIMPLEMENTED as an unregistered gRPC service is.
//
// Contract, as Armada answers:
// - Create, Update, Delete need the global permissions create_retry_policy,
//   update_retry_policy, delete_retry_policy (PERMISSION_DENIED "error
//   creating retry policy NAME: ..."); Get and list need none.
// - Create and Update refuse a policy ValidatePolicy refuses:
//   INVALID_ARGUMENT "invalid retry policy: WHY" (a name of 1-63 lowercase
//   letters, digits and inner '-'; a default action and each rule's action
//   FAIL or RETRY; each rule's on_category set; a memory bump with exactly one
//   of static (a positive quantity) and factor (> 1.0)).
// - Create replaces a policy of the same name; Update of a missing one is
//   NOT_FOUND "error: could not find retry policy "NAME"".
// - Delete and Get of an empty name: INVALID_ARGUMENT "retry policy name must
//   not be empty". Delete always succeeds and detaches the policy from every
//   queue naming it. Get of a missing one: NOT_FOUND as Update.
// - GetRetryPolicies: every policy, by name.
// armada-localstack never retries a job: the policies are held, not applied.
#pragma once

#include "api/submit.grpc.pb.h"
#include "localstack/control/queue_store.h"
#include "localstack/control/retry_policies.h"
#include "localstack/server/authorization.h"

namespace armada::localstack {

// ValidatePolicy's answer: OK, or INVALID_ARGUMENT with Armada's words.
Status ValidateRetryPolicy(const api::RetryPolicy& policy);

class RetryPolicyService final : public api::RetryPolicyService::Service {
 public:
  RetryPolicyService(RetryPolicies& policies, QueueStore& queues, const Authorizer& authorizer)
      : policies_(policies), queues_(queues), authorizer_(authorizer) {}

  grpc::Status CreateRetryPolicy(grpc::ServerContext* context, const api::RetryPolicy* request,
                                 google::protobuf::Empty*) override;
  grpc::Status UpdateRetryPolicy(grpc::ServerContext* context, const api::RetryPolicy* request,
                                 google::protobuf::Empty*) override;
  grpc::Status DeleteRetryPolicy(grpc::ServerContext* context,
                                 const api::RetryPolicyDeleteRequest* request,
                                 google::protobuf::Empty*) override;
  grpc::Status GetRetryPolicy(grpc::ServerContext*, const api::RetryPolicyGetRequest* request,
                              api::RetryPolicy* response) override;
  grpc::Status GetRetryPolicies(grpc::ServerContext*, const api::RetryPolicyListRequest*,
                                api::RetryPolicyList* response) override;

 private:
  RetryPolicies& policies_;
  QueueStore& queues_;
  const Authorizer& authorizer_;
};

}  // namespace armada::localstack
