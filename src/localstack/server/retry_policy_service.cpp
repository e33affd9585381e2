#include "localstack/server/retry_policy_service.h"

#include <algorithm>
#include <sstream>

#include "common/quantity.h"
#include "localstack/server/rpc_status.h"

namespace armada::localstack {
namespace {

constexpr size_t kMaxPolicyNameLength = 63;

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

// An RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool IsLabel(const std::string& name) {
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || !alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-'; });
}

bool IsAction(api::RetryAction action) {
  return action == api::RETRY_ACTION_FAIL || action == api::RETRY_ACTION_RETRY;
}

// Go's %v of a float64.
std::string GoFloat(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string BumpError(const api::RetryResourceBump& bump) {
  if (!bump.static_().empty() && bump.factor() != 0) {
    return "set exactly one of static and factor, not both";
  }
  if (bump.static_().empty() && bump.factor() == 0) return "set exactly one of static and factor";
  if (!bump.static_().empty()) {
    auto quantity = Quantity::Parse(bump.static_());
    if (!quantity.ok()) {
      return "invalid static quantity " + Quoted(bump.static_()) +
             ": quantities must match the regular expression "
             "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    }
    if (quantity->Amount() <= 0) {
      return "static quantity " + Quoted(bump.static_()) + " must be positive";
    }
    return "";
  }
  if (bump.factor() <= 1.0) return "factor " + GoFloat(bump.factor()) + " must be greater than 1.0";
  return "";
}

std::string RuleError(const api::RetryRule& rule) {
  if (!IsAction(rule.action())) return "action must be Fail or Retry";
  if (rule.on_category().empty()) return "on_category must be set";
  if (rule.mutate().resources().has_memory()) {
    const std::string bump = BumpError(rule.mutate().resources().memory());
    if (!bump.empty()) return "mutate.resources.memory: " + bump;
  }
  return "";
}

std::string PolicyError(const api::RetryPolicy& policy) {
  const std::string& name = policy.name();
  if (name.empty()) return "retry policy name must not be empty";
  if (name.size() > kMaxPolicyNameLength) {
    return "retry policy name " + Quoted(name) + " must be at most " +
           std::to_string(kMaxPolicyNameLength) + " characters";
  }
  if (!IsLabel(name)) {
    return "retry policy name " + Quoted(name) +
           " is invalid: must consist of lowercase alphanumeric characters or '-', and must "
           "start and end with an alphanumeric character";
  }
  for (int i = 0; i < policy.rules_size(); ++i) {
    const std::string rule = RuleError(policy.rules(i));
    if (!rule.empty()) {
      return "retry policy " + Quoted(name) + " rule " + std::to_string(i) + ": " + rule;
    }
  }
  if (!IsAction(policy.default_action())) {
    return "retry policy " + Quoted(name) + " must set a default action (Fail or Retry)";
  }
  return "";
}

Status EmptyName() { return Status::InvalidArgument("retry policy name must not be empty"); }

Status Prefixed(const Status& status) {
  return status.ok() ? status : Status::Error(status.code(), "error: " + status.message());
}

}  // namespace

Status ValidateRetryPolicy(const api::RetryPolicy& policy) {
  const std::string error = PolicyError(policy);
  return error.empty() ? Status() : Status::InvalidArgument("invalid retry policy: " + error);
}

grpc::Status RetryPolicyService::CreateRetryPolicy(grpc::ServerContext* context,
                                                   const api::RetryPolicy* request,
                                                   google::protobuf::Empty*) {
  Status s = authorizer_.Check(*context, Rpc::kCreateRetryPolicy, request->name()).status();
  if (s.ok()) s = ValidateRetryPolicy(*request);
  if (s.ok()) policies_.Create(*request);
  return ToGrpcStatus(s);
}

grpc::Status RetryPolicyService::UpdateRetryPolicy(grpc::ServerContext* context,
                                                   const api::RetryPolicy* request,
                                                   google::protobuf::Empty*) {
  Status s = authorizer_.Check(*context, Rpc::kUpdateRetryPolicy, request->name()).status();
  if (s.ok()) s = ValidateRetryPolicy(*request);
  if (s.ok()) s = Prefixed(policies_.Update(*request));
  return ToGrpcStatus(s);
}

grpc::Status RetryPolicyService::DeleteRetryPolicy(grpc::ServerContext* context,
                                                   const api::RetryPolicyDeleteRequest* request,
                                                   google::protobuf::Empty*) {
  const std::string& name = request->name();
  Status s = authorizer_.Check(*context, Rpc::kDeleteRetryPolicy, name).status();
  if (s.ok() && name.empty()) s = EmptyName();
  if (!s.ok()) return ToGrpcStatus(s);
  policies_.Delete(name);
  // Detached from every queue naming it, as Armada's delete does.
  for (api::Queue queue : queues_.List(0)) {
    auto* names = queue.mutable_retry_policies();
    const auto end = std::remove(names->begin(), names->end(), name);
    if (end == names->end()) continue;
    names->erase(end, names->end());
    queues_.Update(queue);
  }
  return grpc::Status::OK;
}

grpc::Status RetryPolicyService::GetRetryPolicy(grpc::ServerContext*,
                                                const api::RetryPolicyGetRequest* request,
                                                api::RetryPolicy* response) {
  if (request->name().empty()) return ToGrpcStatus(EmptyName());
  auto policy = policies_.Get(request->name());
  if (!policy.ok()) return ToGrpcStatus(Prefixed(policy.status()));
  *response = std::move(policy).value();
  return grpc::Status::OK;
}

grpc::Status RetryPolicyService::GetRetryPolicies(grpc::ServerContext*,
                                                  const api::RetryPolicyListRequest*,
                                                  api::RetryPolicyList* response) {
  for (auto& policy : policies_.List()) *response->add_retry_policies() = std::move(policy);
  return grpc::Status::OK;
}

}  // namespace armada::localstack
