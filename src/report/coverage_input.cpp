#include "report/coverage_input.h"

#include <nlohmann/json.hpp>

#include "api/event_names.h"
#include "common/read_file.h"

namespace armada::report {
namespace {

using nlohmann::json;

// A 100 000-job run's report is about 100 MB; a bound well past it.
constexpr size_t kMaxReportBytes = size_t{1} << 30;

// The string at doc[key], or an error naming where.
StatusOr<std::string> Text(const json& doc, const char* key, const std::string& where) {
  const auto found = doc.find(key);
  if (found == doc.end() || !found->is_string()) {
    return Status::Error(where + "." + key + ": missing or not a string");
  }
  return found->get<std::string>();
}

const json* Array(const json& doc, const char* key) {
  const auto found = doc.find(key);
  return found != doc.end() && found->is_array() ? &*found : nullptr;
}

}  // namespace

StatusOr<std::vector<TestResult>> ReadJsonReport(const std::string& path) {
  auto text = ReadFileToString(path, kMaxReportBytes);
  if (!text.ok()) return text.status();
  const json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Error(path + ": not JSON (a report of --json?)");
  const json* results = doc.is_object() ? Array(doc, "results") : nullptr;
  if (results == nullptr) {
    return Status::Error(path +
                         ": results: missing or not an array (not a report of `test --json`?)");
  }
  std::vector<TestResult> out;
  for (size_t r = 0; r < results->size(); ++r) {
    const json& test = (*results)[r];
    const std::string where = path + ": results[" + std::to_string(r) + "]";
    if (!test.is_object()) return Status::Error(where + ": not an object");
    TestResult result;
    auto name = Text(test, "name", where);
    if (!name.ok()) return name.status();
    result.name = *name;
    // For the HTML page of `coverage --html`: what the run said of the test.
    if (auto file = Text(test, "file", where); file.ok()) result.file = *file;
    if (auto outcome = Text(test, "result", where); outcome.ok()) {
      for (const Outcome o : {Outcome::kPassed, Outcome::kFailed, Outcome::kError,
                              Outcome::kSkipped, Outcome::kInterrupted}) {
        if (*outcome == InfoOf(o).name) result.outcome = o;
      }
    }
    if (auto failure = Text(test, "failure", where); failure.ok()) result.message = *failure;
    if (const auto time = test.find("time"); time != test.end() && time->is_number()) {
      result.elapsed_seconds = time->get<double>();
    }
    const json* jobs = Array(test, "jobs");
    if (jobs == nullptr) return Status::Error(where + ".jobs: missing or not an array");
    for (size_t j = 0; j < jobs->size(); ++j) {
      const json& job = (*jobs)[j];
      const std::string job_where = where + ".jobs[" + std::to_string(j) + "]";
      const json* events = job.is_object() ? Array(job, "events") : nullptr;
      if (events == nullptr) return Status::Error(job_where + ".events: missing or not an array");
      JobTimeline timeline;
      if (auto id = Text(job, "jobId", job_where); id.ok()) timeline.job_id = *id;
      for (size_t e = 0; e < events->size(); ++e) {
        const json& event = (*events)[e];
        const std::string event_where = job_where + ".events[" + std::to_string(e) + "]";
        if (!event.is_object()) return Status::Error(event_where + ": not an object");
        auto kind_name = Text(event, "event", event_where);
        if (!kind_name.ok()) return kind_name.status();
        const EventKind* kind = FindEventKind(*kind_name);
        if (kind == nullptr) {
          return Status::Error(event_where + ".event: \"" + *kind_name +
                               "\" is no event of Armada's");
        }
        std::string detail;
        if (event.contains("detail")) {
          auto given = Text(event, "detail", event_where);
          if (!given.ok()) return given.status();
          detail = *given;
        }
        timeline.Add(static_cast<uint8_t>(kind - EventKinds().data()), WallTime(),
                     /*terminal=*/false, std::move(detail));
      }
      result.jobs.push_back(std::move(timeline));
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace armada::report
