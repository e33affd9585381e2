#include "report/json_report.h"

#include <nlohmann/json.hpp>
#include <set>

#include "report/failed_details.h"
#include "report/file_output.h"

namespace armada::report {
namespace {

using nlohmann::json;

// A failed event's details as fields of their own, each only when the
// server sent it.
void AddFailedFields(const FailedDetails& failed, json* event) {
  if (!failed.reason.empty()) (*event)["reason"] = failed.reason;
  if (!failed.categories.empty()) (*event)["categories"] = failed.categories;
  if (!failed.failure_category.empty()) (*event)["failureCategory"] = failed.failure_category;
  if (!failed.failure_subcategory.empty()) {
    (*event)["failureSubcategory"] = failed.failure_subcategory;
  }
  if (failed.retryable) (*event)["retryable"] = true;
}

// The distinct categories (either generation's) of the test's failed events.
json CategoriesSeen(const TestResult& r) {
  std::set<std::string> seen;
  for (const JobTimeline& job : r.jobs) {
    for (size_t i = 0; i < job.events.size(); ++i) {
      if (job.EventName(i) != "failed") continue;
      const FailedDetails failed = ParseFailedDetails(job.Detail(i));
      seen.insert(failed.categories.begin(), failed.categories.end());
      if (!failed.failure_category.empty()) seen.insert(failed.failure_category);
    }
  }
  return json(std::vector<std::string>(seen.begin(), seen.end()));
}

json RunJson(const RunInfo& run) {
  const auto time = [](WallTime at) {
    return at == WallTime() ? json() : json(FormatWallTime(ToMicros(at)));
  };
  const auto text = [](const std::string& value) { return value.empty() ? json() : json(value); };
  return {{"tool", "armada-testsuite"},        {"version", run.tool_version},
          {"startedAt", time(run.started_at)}, {"endedAt", time(run.ended_at)},
          {"target", text(run.target)},        {"generation", text(run.generation)},
          {"commandLine", run.command_line},   {"hostname", text(run.hostname)}};
}

json JobJson(const JobTimeline& job) {
  json out = {{"jobId", job.job_id}};
  out["submittedAt"] = job.submitted_us != 0 ? json(FormatWallTime(job.submitted_us)) : json();
  const std::string_view end = job.End();
  out["end"] = end.empty() ? json() : json(std::string(end));
  if (!job.log_tail.empty()) out["logTail"] = job.log_tail;
  json events = json::array();
  for (size_t i = 0; i < job.events.size(); ++i) {
    json event = {{"event", std::string(job.EventName(i))},
                  {"at", FormatWallTime(job.events[i].at_us)}};
    if (const std::string_view detail = job.Detail(i); !detail.empty()) {
      event["detail"] = std::string(detail);
      if (job.EventName(i) == "failed") AddFailedFields(ParseFailedDetails(detail), &event);
    }
    events.push_back(std::move(event));
  }
  out["events"] = std::move(events);
  return out;
}

}  // namespace

std::string RenderJson(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage, const RunInfo* run) {
  size_t counts[kOutcomeCount] = {};  // as Outcome's order
  json tests = json::array();
  for (const TestResult& r : results) {
    ++counts[static_cast<int>(r.outcome)];
    json test = {{"name", r.name},
                 {"file", r.file},
                 {"queue", r.queue},
                 {"jobSetId", r.job_set_id},
                 {"result", InfoOf(r.outcome).name},
                 {"time", r.elapsed_seconds},
                 {"failure", r.outcome == Outcome::kPassed ? std::string() : r.message},
                 {"timedOut", r.timed_out},
                 {"log", r.log}};
    test["categories"] = CategoriesSeen(r);
    test["startedAt"] =
        r.started_at == WallTime() ? json() : json(FormatWallTime(ToMicros(r.started_at)));
    json jobs = json::array();
    for (const JobTimeline& job : r.jobs) jobs.push_back(JobJson(job));
    test["jobs"] = std::move(jobs);
    if (!r.failed_attempts.empty()) {
      json attempts = json::array();
      for (const FailedAttempt& a : r.failed_attempts) {
        attempts.push_back({{"result", InfoOf(a.outcome).name},
                            {"failure", a.message},
                            {"jobSetId", a.job_set_id},
                            {"time", a.elapsed_seconds},
                            {"timedOut", a.timed_out},
                            {"log", a.log}});
      }
      test["failedAttempts"] = std::move(attempts);
    }
    tests.push_back(std::move(test));
  }
  json doc = {{"tests", results.size()},
              {"passed", counts[static_cast<int>(Outcome::kPassed)]},
              {"flaky", counts[static_cast<int>(Outcome::kFlaky)]},
              {"failed", counts[static_cast<int>(Outcome::kFailed)]},
              {"errors", counts[static_cast<int>(Outcome::kError)]},
              {"skipped", counts[static_cast<int>(Outcome::kSkipped)] +
                              counts[static_cast<int>(Outcome::kInterrupted)]},
              {"time", total_seconds},
              {"results", std::move(tests)}};
  if (run != nullptr) doc["run"] = RunJson(*run);
  if (coverage != nullptr) doc["coverage"] = json::parse(CoverageJsonText(*coverage));
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Status WriteJson(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage, const RunInfo* run) {
  return WriteWhole(path, RenderJson(results, total_seconds, coverage, run), "JSON report");
}

}  // namespace armada::report
