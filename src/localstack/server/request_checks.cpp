#include "localstack/server/request_checks.h"

#include <cmath>

namespace armada::localstack {
namespace {

Status Invalid(const std::string& message) { return Status::InvalidArgument(message); }

std::string Join(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "." + field;
}

std::string At(const std::string& field, int index) {
  return field + "[" + std::to_string(index) + "]";
}

Status CheckLength(const std::string& value, const std::string& field, size_t limit) {
  if (value.size() <= limit) return Status();
  return Invalid(field + ": " + std::to_string(value.size()) + " bytes, longer than the " +
                 std::to_string(limit) + " allowed");
}

Status CheckNames(const google::protobuf::RepeatedPtrField<std::string>& values,
                  const std::string& field) {
  for (int i = 0; i < values.size(); ++i) {
    if (Status s = CheckName(values[i], At(field, i)); !s.ok()) return s;
  }
  return Status();
}

Status CheckReason(const std::string& reason) {
  return CheckLength(reason, "reason", kMaxReasonBytes);
}

Status CheckFinite(double value, const std::string& field) {
  if (std::isfinite(value)) return Status();
  return Invalid(field + ": " + std::to_string(value) + " is not a finite number");
}

// The queue and job set every job-set call names.
Status CheckJobSet(const std::string& queue, const std::string& job_set_id) {
  if (Status s = CheckName(queue, "queue"); !s.ok()) return s;
  return CheckName(job_set_id, "job_set_id");
}

}  // namespace

Status CheckName(const std::string& value, const std::string& field) {
  return CheckLength(value, field, kMaxNameBytes);
}

Status CheckRequest(const api::JobSubmitRequest& request) {
  if (Status s = CheckJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  for (int i = 0; i < request.job_request_items_size(); ++i) {
    const auto& item = request.job_request_items(i);
    const std::string field = At("job_request_items", i);
    if (Status s = CheckName(item.client_id(), field + ".client_id"); !s.ok()) return s;
    if (Status s = CheckName(item.namespace_(), field + ".namespace"); !s.ok()) return s;
    if (Status s = CheckFinite(item.priority(), field + ".priority"); !s.ok()) return s;
  }
  return Status();
}

Status CheckRequest(const api::JobCancelRequest& request) {
  if (Status s = CheckJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckName(request.job_id(), "job_id"); !s.ok()) return s;
  if (Status s = CheckNames(request.job_ids(), "job_ids"); !s.ok()) return s;
  return CheckReason(request.reason());
}

Status CheckRequest(const api::JobSetCancelRequest& request) {
  if (Status s = CheckJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  return CheckReason(request.reason());
}

Status CheckRequest(const api::JobReprioritizeRequest& request) {
  if (Status s = CheckJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckNames(request.job_ids(), "job_ids"); !s.ok()) return s;
  return CheckFinite(request.new_priority(), "new_priority");
}

Status CheckRequest(const api::JobPreemptRequest& request) {
  if (Status s = CheckJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckNames(request.job_ids(), "job_ids"); !s.ok()) return s;
  return CheckReason(request.reason());
}

Status CheckRequest(const api::JobSetRequest& request) {
  if (Status s = CheckName(request.queue(), "queue"); !s.ok()) return s;
  if (Status s = CheckName(request.id(), "id"); !s.ok()) return s;
  return CheckName(request.from_message_id(), "from_message_id");
}

Status CheckQueue(const api::Queue& queue, const std::string& field) {
  if (Status s = CheckName(queue.name(), Join(field, "name")); !s.ok()) return s;
  const std::string factor = Join(field, "priority_factor");
  if (Status s = CheckFinite(queue.priority_factor(), factor); !s.ok()) return s;
  // Armada's queue rules (NewQueue and what it calls, pkg/client/queue/@v0.22.7).
  if (queue.priority_factor() < 1.0) {
    return Invalid(factor + ": priority factor cannot be lower than 1.0. Value: " +
                   std::to_string(queue.priority_factor()));
  }
  if (Status s = CheckNames(queue.user_owners(), Join(field, "user_owners")); !s.ok()) {
    return s;
  }
  if (Status s = CheckNames(queue.group_owners(), Join(field, "group_owners")); !s.ok()) {
    return s;
  }
  for (int i = 0; i < queue.permissions_size(); ++i) {
    const auto& subjects = queue.permissions(i).subjects();
    for (int j = 0; j < subjects.size(); ++j) {
      const std::string& kind = subjects[j].kind();
      if (kind == "User" || kind == "Group") continue;
      const std::string where =
          Join(field, At("permissions", i) + "." + At("subjects", j) + ".kind");
      return Invalid(
          where + ": invalid kind value: " +
          (kind.size() <= kMaxNameBytes ? kind : std::to_string(kind.size()) + " bytes") +
          " (User or Group)");
    }
  }
  for (const auto& [key, value] : queue.labels()) {
    if (!key.empty() && !value.empty()) continue;
    return Invalid(Join(field, "labels") +
                   ": queue labels must not have an empty key or value, key: " +
                   key.substr(0, kMaxNameBytes) + ", value: " + value.substr(0, kMaxNameBytes));
  }
  return Status();
}

}  // namespace armada::localstack
