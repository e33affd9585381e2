#include "runner/event_facts.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

#include "api/event_names.h"

namespace armada::runner {
namespace {

const google::protobuf::FieldDescriptor* SetField(const api::EventMessage& event) {
  const auto* oneof = api::EventMessage::descriptor()->FindOneofByName("events");
  return api::EventMessage::GetReflection()->GetOneofFieldDescriptor(event, oneof);
}

std::string JoinList(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out = "[";
  for (int i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items.Get(i);
  }
  return out + "]";
}

}  // namespace

bool IsTerminal(const api::EventMessage& event) {
  const EventKind* kind = EventKindOf(event);
  if (kind == nullptr || !kind->terminal) return false;
  return !(event.has_failed() && event.failed().retryable());
}

std::string EventDetails(const api::EventMessage& event) {
  std::string details;
  auto add = [&details](const std::string& part) {
    details += details.empty() ? part : ", " + part;
  };
  if (event.has_failed()) {
    const auto& failed = event.failed();
    if (!failed.reason().empty()) add("reason \"" + failed.reason() + "\"");
    if (failed.categories_size() > 0) add("categories " + JoinList(failed.categories()));
    if (!failed.failure_category().empty()) add("failureCategory " + failed.failure_category());
    if (!failed.failure_subcategory().empty()) {
      add("failureSubcategory " + failed.failure_subcategory());
    }
    if (failed.retryable()) add("retryable");
  } else if (event.has_running() && !event.running().node_name().empty()) {
    add("node " + event.running().node_name());
  } else if (event.has_cancelled() && !event.cancelled().reason().empty()) {
    add("reason \"" + event.cancelled().reason() + "\"");
  } else if (event.has_preempted() && !event.preempted().reason().empty()) {
    add("reason \"" + event.preempted().reason() + "\"");
  } else if (event.has_reprioritized()) {
    add("priority " + std::to_string(event.reprioritized().new_priority()));
  }
  return details;
}

std::optional<std::chrono::system_clock::time_point> CreatedTime(const api::EventMessage& event) {
  const auto* field = SetField(event);
  if (field == nullptr) return std::nullopt;
  const auto& inner = api::EventMessage::GetReflection()->GetMessage(event, field);
  const auto* created = inner.GetDescriptor()->FindFieldByName("created");
  if (created == nullptr || !inner.GetReflection()->HasField(inner, created)) return std::nullopt;
  const auto& stamp = static_cast<const google::protobuf::Timestamp&>(
      inner.GetReflection()->GetMessage(inner, created));
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(stamp.seconds()) + std::chrono::nanoseconds(stamp.nanos())));
}

std::string DescribeEvent(const api::EventMessage& event) {
  const std::string name = EventName(event);
  if (name.empty()) return "(empty event)";
  const std::string details = EventDetails(event);
  return details.empty() ? name : name + " (" + details + ")";
}

}  // namespace armada::runner
