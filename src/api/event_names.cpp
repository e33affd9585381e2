#include "api/event_names.h"

#include <google/protobuf/descriptor.h>

namespace armada {

const std::vector<EventKind>& EventKinds() {
  using E = api::EventMessage;
  static const std::vector<EventKind> kinds = {
      // oneof case          snake             camel            terminal may_trigger
      {E::kSubmitted, "submitted", "submitted", false, true},
      {E::kQueued, "queued", "queued", false, true},
      {E::kLeased, "leased", "leased", false, true},
      {E::kLeaseReturned, "lease_returned", "leaseReturned", false, false},
      {E::kLeaseExpired, "lease_expired", "leaseExpired", false, false},
      {E::kPending, "pending", "pending", false, true},
      {E::kRunning, "running", "running", false, true},
      {E::kFailed, "failed", "failed", true, false},
      {E::kSucceeded, "succeeded", "succeeded", true, false},
      {E::kReprioritized, "reprioritized", "reprioritized", false, false},
      {E::kCancelling, "cancelling", "cancelling", false, false},
      {E::kCancelled, "cancelled", "cancelled", true, false},
      {E::kUtilisation, "utilisation", "utilisation", false, false},
      {E::kIngressInfo, "ingress_info", "ingressInfo", false, false},
      {E::kReprioritizing, "reprioritizing", "reprioritizing", false, false},
      {E::kPreempted, "preempted", "preempted", false, false},
      {E::kPreempting, "preempting", "preempting", false, false},
  };
  return kinds;
}

const EventKind* FindEventKind(std::string_view name) {
  for (const EventKind& kind : EventKinds()) {
    if (kind.camel == name || kind.snake == name) return &kind;
  }
  return nullptr;
}

const EventKind* EventKindOf(const api::EventMessage& event) {
  for (const EventKind& kind : EventKinds()) {
    if (kind.oneof_case == event.events_case()) return &kind;
  }
  return nullptr;
}

std::string EventName(const api::EventMessage& event) {
  const EventKind* kind = EventKindOf(event);
  return kind != nullptr ? std::string(kind->camel) : std::string();
}

std::string JobIdOf(const api::EventMessage& event) {
  const auto* field = api::EventMessage::descriptor()->FindFieldByNumber(event.events_case());
  if (field == nullptr) return "";
  const auto& inner = api::EventMessage::GetReflection()->GetMessage(event, field);
  const auto* job_id = inner.GetDescriptor()->FindFieldByName("job_id");
  if (job_id == nullptr) return "";
  return inner.GetReflection()->GetString(inner, job_id);
}

const std::vector<std::string>& EventNameSpellings() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const EventKind& kind : EventKinds()) out.emplace_back(kind.camel);
    for (const EventKind& kind : EventKinds()) {
      if (kind.snake != kind.camel) out.emplace_back(kind.snake);
    }
    return out;
  }();
  return names;
}

const std::string& TriggerEventList() {
  static const std::string list = [] {
    std::string out;
    for (const EventKind& kind : EventKinds()) {
      if (!kind.may_trigger) continue;
      if (!out.empty()) out += ", ";
      out += kind.camel;
    }
    return out;
  }();
  return list;
}

}  // namespace armada
