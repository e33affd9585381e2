#include "localstack/server/authorization.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <algorithm>

namespace armada::localstack {
namespace {

// What one call checks and how it answers a refusal (v0.22.7 handlers).
struct Rule {
  Rpc rpc;
  const char* permission;  // the global one
  const char* verb;        // the queue's; nullptr: a global action only
  StatusCode code;
  // The refusal's message around armadaerrors.ErrUnauthorized's text: PREFIX
  // TARGET MIDDLE [JOB_SET] ": " ERROR. For the UNKNOWN ones Armada's error
  // interceptor names the method as the action.
  const char* prefix;
  const char* method;
};

constexpr Rule kRules[] = {
    {Rpc::kSubmitJobs, "submit_any_jobs", "submit", StatusCode::kPermissionDenied, "", ""},
    {Rpc::kCancelJobs, "cancel_any_jobs", "cancel", StatusCode::kUnknown, "",
     "/api.Submit/CancelJobs"},
    {Rpc::kCancelJobSet, "cancel_any_jobs", "cancel", StatusCode::kUnknown, "",
     "/api.Submit/CancelJobSet"},
    {Rpc::kPreemptJobs, "preempt_any_jobs", "preempt", StatusCode::kUnknown, "",
     "/api.Submit/PreemptJobs"},
    {Rpc::kReprioritizeJobs, "reprioritize_any_jobs", "reprioritize", StatusCode::kUnknown, "",
     "/api.Submit/ReprioritizeJobs"},
    {Rpc::kGetJobSetEvents, "watch_all_events", "watch", StatusCode::kPermissionDenied,
     "[GetJobSetEvents] rpc error: code = PermissionDenied desc = error getting events for queue: ",
     ""},
    {Rpc::kCreateQueue, "create_queue", nullptr, StatusCode::kPermissionDenied,
     "error creating queue ", ""},
    {Rpc::kUpdateQueue, "create_queue", nullptr, StatusCode::kPermissionDenied,
     "error updating queue ", ""},
    {Rpc::kDeleteQueue, "delete_queue", nullptr, StatusCode::kPermissionDenied,
     "error deleting queue ", ""},
    {Rpc::kCordonQueue, "cordon_queue", nullptr, StatusCode::kPermissionDenied,
     "error cordoning queue ", ""},
    {Rpc::kUncordonQueue, "cordon_queue", nullptr, StatusCode::kPermissionDenied,
     "error uncordoning queue ", ""},
    {Rpc::kCancelOnNode, "cancel_any_jobs", nullptr, StatusCode::kPermissionDenied,
     "error canceling jobs on executor ", ""},
    {Rpc::kPreemptOnNode, "preempt_any_jobs", nullptr, StatusCode::kPermissionDenied,
     "error preempting jobs on executor ", ""},
    // internal/server/retrypolicy/service.go@v0.22.7.
    {Rpc::kCreateRetryPolicy, "create_retry_policy", nullptr, StatusCode::kPermissionDenied,
     "error creating retry policy ", ""},
    {Rpc::kUpdateRetryPolicy, "update_retry_policy", nullptr, StatusCode::kPermissionDenied,
     "error updating retry policy ", ""},
    {Rpc::kDeleteRetryPolicy, "delete_retry_policy", nullptr, StatusCode::kPermissionDenied,
     "error deleting retry policy ", ""},
};

const Rule& RuleOf(Rpc rpc) {
  return *std::find_if(std::begin(kRules), std::end(kRules),
                       [rpc](const Rule& rule) { return rule.rpc == rpc; });
}

// The values listed under `permission` in one of the mappings.
std::vector<std::string> Listed(const config::Permissions& mapping, const std::string& permission) {
  const auto* field = mapping.GetDescriptor()->FindFieldByName(permission);
  if (field == nullptr) return {};
  const auto list = mapping.GetReflection()->GetRepeatedFieldRef<std::string>(mapping, field);
  return {list.begin(), list.end()};
}

bool AnyIn(const std::vector<std::string>& listed, const std::set<std::string>& held) {
  return std::any_of(listed.begin(), listed.end(),
                     [&](const std::string& value) { return held.count(value) > 0; });
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
              const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Armada's principalHasQueuePermissions, owners read as permissions with
// every verb (queue.NewQueue).
bool QueueGrants(const api::Queue& queue, const Principal& principal, const std::string& verb) {
  if (Contains(queue.user_owners(), principal.name)) return true;
  for (const auto& group : queue.group_owners()) {
    if (principal.groups.count(group)) return true;
  }
  for (const auto& permission : queue.permissions()) {
    if (!Contains(permission.verbs(), verb)) continue;
    for (const auto& subject : permission.subjects()) {
      if ((subject.kind() == "User" && subject.name() == principal.name) ||
          (subject.kind() == "Group" && principal.groups.count(subject.name()))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

StatusOr<Principal> Authorizer::Caller(const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find("authorization");
  const std::string header =
      it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
  return callers_->Authenticate(header);
}

bool Authorizer::HasPermission(const Principal& principal, const std::string& permission) const {
  return principal.every_permission ||
         AnyIn(Listed(auth_.permission_scope_mapping(), permission), principal.scopes) ||
         AnyIn(Listed(auth_.permission_group_mapping(), permission), principal.groups) ||
         AnyIn(Listed(auth_.permission_claim_mapping(), permission), principal.claims);
}

StatusOr<Principal> Authorizer::Check(const grpc::ServerContextBase& context, Rpc rpc,
                                      const std::string& target, const std::string& job_set) const {
  auto caller = Caller(context);
  if (!caller.ok()) return caller.status();
  const Principal& principal = *caller;
  const Rule& rule = RuleOf(rpc);
  if (HasPermission(principal, rule.permission)) return principal;
  const std::string& name = principal.name;
  std::string error;  // armadaerrors.ErrUnauthorized's Error()
  if (rule.verb == nullptr) {
    error = name + " lacks permission " + rule.permission + " required for action " +
            rule.permission + "; user " + name + " does not have permission to perform " +
            rule.permission + " action";
    return Status::Error(rule.code, rule.prefix + target + ": " + error);
  }
  api::Queue queue;
  if (!queues_.Get(target, &queue).ok()) return principal;
  if (QueueGrants(queue, principal, rule.verb)) return principal;
  const std::string action =
      *rule.method != '\0' ? rule.method : std::string(rule.verb) + " for queue " + target;
  error = name + " lacks permission " + rule.verb + " required for action " + action + "; user " +
          name + " cannot perform action " + rule.verb + " on queue " + target +
          " as they are neither explicitly permissioned on the queue or a member of " +
          rule.permission + " group";
  if (rpc == Rpc::kGetJobSetEvents) {
    return Status::Error(rule.code, rule.prefix + target + ", job set: " + job_set + ": " + error);
  }
  return Status::Error(rule.code, error);
}

}  // namespace armada::localstack
