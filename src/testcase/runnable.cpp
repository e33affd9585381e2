#include "testcase/runnable.h"

#include <re2/re2.h>

#include <optional>
#include <utility>

#include "api/event_names.h"
#include "testcase/edit_distance.h"

namespace armada::testcase {
namespace {

bool IsNegative(const google::protobuf::Duration& duration) {
  return duration.seconds() < 0 || duration.nanos() < 0;
}

std::string TriggerProblem(const api::TestSpec& spec) {
  const std::string& name = spec.trigger_event();
  const EventKind* kind = FindEventKind(name);
  if (kind == nullptr) {
    std::string message = "unknown event \"" + name + "\"";
    if (auto suggestion = ClosestName(name, EventNameSpellings())) {
      return message + "; did you mean \"" + *suggestion + "\"?";
    }
    return message + " (events that may trigger an action: " + TriggerEventList() + ")";
  }
  if (!kind->may_trigger) {
    return "\"" + std::string(kind->camel) +
           "\" cannot trigger an action: not every job shows it while it can still be acted "
           "on (events that may: " +
           TriggerEventList() + ")";
  }
  return "";
}

}  // namespace

bool HasAction(const api::TestSpec& spec) {
  return spec.has_cancel() || spec.has_cancel_job_set() || spec.has_preempt() ||
         spec.has_reprioritize() || spec.has_cancel_on_node() || spec.has_preempt_on_node();
}

namespace {

// What one test may plan. Each job costs the runner its id and events, and the
// server a process; Armada's own testsuite cases plan at most a few hundred.
constexpr uint64_t kMaxPlannedJobs = 100'000;
// A batch is one SubmitJobs request: gRPC servers refuse a message over 4 MiB
// unless configured otherwise, and the runner builds each in memory.
constexpr uint64_t kMaxRequestBytes = 4 << 20;

std::string Mebibytes(uint64_t bytes) {
  return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

// One batch's request size, and numBatches x batchSize x jobs.
void PlannedWorkRefusals(const api::TestSpec& spec, std::vector<Refusal>* refusals) {
  uint64_t job_bytes = 0;
  // Each item's bytes plus its tag and length in the request.
  for (const auto& job : spec.jobs()) job_bytes += job.ByteSizeLong() + 8;
  const uint64_t request_bytes = uint64_t{spec.batch_size()} * job_bytes;
  const std::string jobs = std::to_string(spec.jobs_size()) + " job(s)";
  if (request_bytes > kMaxRequestBytes) {
    refusals->push_back(
        {"batchSize", std::to_string(spec.batch_size()) + " copies of " + jobs +
                          " make a submit request of about " + Mebibytes(request_bytes) +
                          "; one request may be at most " + Mebibytes(kMaxRequestBytes) +
                          " (lower batchSize and raise numBatches)"});
    return;
  }
  const uint64_t total = uint64_t{spec.num_batches()} * spec.batch_size() * spec.jobs_size();
  if (total > kMaxPlannedJobs) {
    refusals->push_back({"numBatches", std::to_string(spec.num_batches()) + " batches of " +
                                           std::to_string(spec.batch_size()) + " x " + jobs +
                                           " plan " + std::to_string(total) +
                                           " jobs; a test may submit at most " +
                                           std::to_string(kMaxPlannedJobs)});
  }
}

}  // namespace

std::vector<Refusal> RunTimeRefusals(const api::TestSpec& spec) {
  std::vector<Refusal> refusals;
  const bool queue_only = spec.has_queue_config() && spec.num_batches() == 0;
  if (spec.jobs().empty() && !queue_only) {
    refusals.push_back({"jobs",
                        "the test submits no jobs; list at least one (only a queue test, with "
                        "queueConfig and no numBatches, may have none)"});
  }
  if (!spec.jobs().empty()) {
    if (spec.batch_size() == 0) {
      refusals.push_back({"batchSize",
                          "batchSize 0: must be at least 1 (each batch submits batchSize copies "
                          "of the jobs)"});
    }
    if (spec.num_batches() == 0) {
      refusals.push_back(
          {"numBatches",
           "numBatches 0 (Armada: submit until the test ends) is not supported: this runner "
           "checks the jobs it submitted, so it needs a fixed number of batches"});
    }
    if (spec.batch_size() > 0) PlannedWorkRefusals(spec, &refusals);
  }
  if (IsNegative(spec.timeout())) refusals.push_back({"timeout", "must not be negative"});
  if (IsNegative(spec.interval())) refusals.push_back({"interval", "must not be negative"});
  if (!spec.trigger_event().empty()) {
    if (std::string problem = TriggerProblem(spec); !problem.empty()) {
      refusals.push_back({"triggerEvent", problem});
    }
  }
  // The first terminal expected event: a job shows nothing after it.
  std::optional<std::pair<int, std::string>> ended;
  for (int i = 0; i < spec.expected_events_size(); ++i) {
    const api::EventMessage& event = spec.expected_events(i);
    const std::string path = "expectedEvents[" + std::to_string(i) + "]";
    if (event.events_case() == api::EventMessage::EVENTS_NOT_SET) {
      refusals.push_back({path, "names no event; write one event kind, e.g. `- submitted:`"});
      continue;
    }
    const EventKind* kind = EventKindOf(event);
    // A failed after a failed is let be: which of a retried job's failures
    // is its last is the server's to say, and generations differ.
    if (ended && !(event.has_failed() && ended->second == "failed")) {
      refusals.push_back(
          {path, "\"" + EventName(event) + "\" comes after the terminal \"" + ended->second +
                     "\" of expectedEvents[" + std::to_string(ended->first) +
                     "]: a job shows no event once it has ended, so this can never arrive; "
                     "remove it or move it before"});
    } else if (kind->terminal && !(event.has_failed() && event.failed().retryable())) {
      ended.emplace(i, EventName(event));
    }
    if (event.has_failed() && !event.failed().reason().empty()) {
      RE2 pattern(event.failed().reason(), RE2::Quiet);
      if (!pattern.ok()) {
        refusals.push_back(
            {path + ".failed.reason", "not a valid regular expression: " + pattern.error()});
      }
    }
  }
  return refusals;
}

}  // namespace armada::testcase
