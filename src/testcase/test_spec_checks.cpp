#include "testcase/test_spec_checks.h"

#include <re2/re2.h>

#include "testcase/edit_distance.h"

namespace armada::testcase {
namespace {

// Where to report a problem with path: its value, else its key, else (for a
// field the file never wrote) the start of the file.
SourcePosition PositionFor(const SourceMap& positions, const std::string& path) {
  if (auto at = positions.ValueOf(path)) return *at;
  return SourcePosition{1, 1};
}

bool IsNegative(const google::protobuf::Duration& duration) {
  return duration.seconds() < 0 || duration.nanos() < 0;
}

}  // namespace

const std::vector<std::string>& EventNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> json;
    std::vector<std::string> proto;
    const auto* oneof = api::EventMessage::descriptor()->FindOneofByName("events");
    for (int i = 0; i < oneof->field_count(); ++i) {
      json.push_back(oneof->field(i)->json_name());
      if (oneof->field(i)->name() != oneof->field(i)->json_name()) {
        proto.push_back(oneof->field(i)->name());
      }
    }
    json.insert(json.end(), proto.begin(), proto.end());
    return json;
  }();
  return names;
}

bool IsEventName(std::string_view name) {
  for (const std::string& event : EventNames()) {
    if (event == name) return true;
  }
  return false;
}

void CheckTestSpec(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors) {
  const bool queue_test = spec.has_queue_config();
  if (spec.jobs().empty() && !queue_test && !errors->HasErrorUnder("jobs")) {
    errors->Add(PositionFor(positions, "jobs"), "jobs",
                "the test submits no jobs; list at least one (only a queue test, with "
                "queueConfig, may have none)");
  }
  if (!spec.jobs().empty()) {
    if (spec.batch_size() == 0 && !errors->HasErrorUnder("batchSize")) {
      errors->Add(PositionFor(positions, "batchSize"), "batchSize",
                  "must be at least 1: each batch submits batchSize copies of the jobs");
    }
    if (spec.num_batches() == 0 && !spec.has_timeout() && !errors->HasErrorUnder("numBatches") &&
        !errors->HasErrorUnder("timeout")) {
      errors->Add(PositionFor(positions, "numBatches"), "numBatches",
                  "numBatches 0 submits batches until the test ends, and no timeout is set; "
                  "set numBatches or a timeout");
    }
  }
  if (IsNegative(spec.timeout())) {
    errors->Add(PositionFor(positions, "timeout"), "timeout", "must not be negative");
  }
  if (IsNegative(spec.interval())) {
    errors->Add(PositionFor(positions, "interval"), "interval", "must not be negative");
  }

  if (!spec.trigger_event().empty() && !IsEventName(spec.trigger_event())) {
    std::string message = "unknown event \"" + spec.trigger_event() + "\"";
    if (auto suggestion = ClosestName(spec.trigger_event(), EventNames())) {
      message += "; did you mean \"" + *suggestion + "\"?";
    } else {
      message += " (events: ";
      for (size_t i = 0; i < EventNames().size(); ++i) {
        message += (i == 0 ? "" : ", ") + EventNames()[i];
      }
      message += ")";
    }
    errors->Add(PositionFor(positions, "triggerEvent"), "triggerEvent", message);
  }

  for (int i = 0; i < spec.expected_events_size(); ++i) {
    const api::EventMessage& event = spec.expected_events(i);
    const std::string path = "expectedEvents[" + std::to_string(i) + "]";
    if (event.events_case() == api::EventMessage::EVENTS_NOT_SET && !errors->HasErrorUnder(path)) {
      errors->Add(PositionFor(positions, path), path,
                  "names no event; write one event kind, e.g. `- submitted:`");
      continue;
    }
    if (event.has_failed() && !event.failed().reason().empty()) {
      RE2 pattern(event.failed().reason(), RE2::Quiet);
      if (!pattern.ok()) {
        const std::string reason_path = path + ".failed.reason";
        errors->Add(PositionFor(positions, reason_path), reason_path,
                    "not a valid regular expression: " + pattern.error());
      }
    }
  }
}

}  // namespace armada::testcase
