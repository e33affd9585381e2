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

// What one test may plan. Each job costs the runner its id and events, and the
// server a process; Armada's own testsuite cases plan at most a few hundred.
constexpr uint64_t kMaxPlannedJobs = 100'000;
// A batch is one SubmitJobs request: gRPC servers refuse a message over 4 MiB
// unless configured otherwise, and the runner builds each in memory.
constexpr uint64_t kMaxRequestBytes = 4 << 20;

std::string Mebibytes(uint64_t bytes) {
  return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

// numBatches x batchSize x jobs, and the size of one batch's request.
void CheckPlannedWork(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors) {
  if (spec.batch_size() == 0 || errors->HasErrorUnder("batchSize") ||
      errors->HasErrorUnder("numBatches") || errors->HasErrorUnder("jobs")) {
    return;
  }
  const uint64_t per_batch = uint64_t{spec.batch_size()} * spec.jobs_size();
  uint64_t job_bytes = 0;
  // Each item's bytes plus its tag and length in the request.
  for (const auto& job : spec.jobs()) job_bytes += job.ByteSizeLong() + 8;
  const uint64_t request_bytes = uint64_t{spec.batch_size()} * job_bytes;
  const std::string jobs = std::to_string(spec.jobs_size()) + " job(s)";
  if (request_bytes > kMaxRequestBytes) {
    errors->Add(PositionFor(positions, "batchSize"), "batchSize",
                std::to_string(spec.batch_size()) + " copies of " + jobs +
                    " make a submit request of about " + Mebibytes(request_bytes) +
                    "; one request may be at most " + Mebibytes(kMaxRequestBytes) +
                    " (lower batchSize and raise numBatches)");
    return;
  }
  const uint64_t total = uint64_t{spec.num_batches()} * per_batch;
  if (spec.num_batches() > 0 && total > kMaxPlannedJobs) {
    errors->Add(PositionFor(positions, "numBatches"), "numBatches",
                std::to_string(spec.num_batches()) + " batches of " +
                    std::to_string(spec.batch_size()) + " x " + jobs + " plan " +
                    std::to_string(total) + " jobs; a test may submit at most " +
                    std::to_string(kMaxPlannedJobs));
  }
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
  if (!spec.jobs().empty()) CheckPlannedWork(spec, positions, errors);
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
