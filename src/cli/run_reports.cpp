#include "cli/run_reports.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/last_failed.h"
#include "cli/localstack_process.h"
#include "cli/repeat.h"
#include "common/read_file.h"
#include "localstack/config/executor_config.h"
#include "report/benchmark.h"
#include "report/coverage.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"
#include "report/pushgateway.h"
#include "report/step_summary.h"
#include "report/summary.h"
#include "runner/run_test_case.h"

namespace armada::cli {

namespace {

Status MakeReportFolder(const std::string& flag, const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (path.empty() || folder.empty()) return Status();
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return Status::Error("cannot create the folder of " + flag + " " + path + ": " +
                         error.message());
  }
  return Status();
}

// The Armada generation the run met: with --local the one armada-localstack
// answered as (its executor config's), else the one the failed events
// showed; "" when nothing told.
std::string GenerationOf(const RunOptions& options,
                         const std::vector<report::TestResult>& results) {
  if (options.local) {
    auto path = options.executor_config.empty() ? FindExecutorConfig()
                                                : StatusOr<std::string>(options.executor_config);
    auto config = path.ok() ? localstack::LoadExecutorConfig(*path)
                            : StatusOr<localstack::ExecutorConfig>(path.status());
    if (!config.ok()) return "";
    return config->generation == localstack::ArmadaGeneration::kV0_20_40 ? "v0.20.40" : "v0.22.7";
  }
  switch (report::GenerationOfRun(results)) {
    case report::ServerGeneration::kCategoriesList:
      return "v0.20.37-v0.20.40";
    case report::ServerGeneration::kFailureCategory:
      return "v0.20.41 on";
    case report::ServerGeneration::kUnknown:
      break;
  }
  return "";
}

// This process's arguments from /proc/self/cmdline, as a shell would take
// them: an argument with anything but plain characters single-quoted.
std::string CommandLine() {
  const std::string text = ReadFileToString("/proc/self/cmdline", 1 << 20).value_or("");
  std::string out;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    const std::string arg = text.substr(start, end - start);
    start = end + 1;
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_./=:,@%+-") == std::string::npos;
    if (!out.empty()) out += ' ';
    if (plain) {
      out += arg;
      continue;
    }
    out += '\'';
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

report::RunInfo RunInfoOf(const RunOptions& options, const std::vector<report::TestResult>& results,
                          double seconds) {
  report::RunInfo run;
  run.tool_version = std::string(ARMADA_TS_VERSION) + " (commit " + ARMADA_TS_GIT_COMMIT + ")";
  run.ended_at = std::chrono::system_clock::now();
  run.started_at = run.ended_at - std::chrono::duration_cast<report::WallTime::duration>(
                                      std::chrono::duration<double>(seconds));
  run.target = options.local                 ? "armada-localstack (--local)"
               : !options.armada_url.empty() ? options.armada_url
               : !options.context.empty()    ? "context " + options.context
                                             : "";
  run.generation = GenerationOf(options, results);
  run.command_line = CommandLine();
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) run.hostname = host;
  return run;
}

// False when a report could not be written (each problem printed).
bool WriteReportFiles(const RunOptions& options, const std::vector<report::TestResult>& results,
                      double total, const report::Coverage* coverage) {
  std::vector<Status> written;
  const report::RunInfo run = RunInfoOf(options, results, total);
  if (!options.junit.empty()) {
    written.push_back(report::WriteJUnit(results, total, options.junit,
                                         report::SuiteName(options.tests, run.generation), &run));
  }
  if (!options.json.empty()) {
    written.push_back(report::WriteJson(results, total, options.json, coverage, &run));
    if (written.back().ok()) RememberJsonReport(options.json);
  }
  if (!options.html.empty()) {
    written.push_back(report::WriteHtml(results, total, options.html, coverage));
  }
  if (!options.benchmark.empty()) {
    written.push_back(report::WriteBenchmark(results, options.benchmark));
  }
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr && *summary) {
    written.push_back(report::AppendStepSummary(results, total, summary));
  }
  bool all = true;
  for (const Status& status : written) {
    if (status.ok()) continue;
    std::cerr << "error: " << status.message() << "\n";
    all = false;
  }
  return all;
}

// Armada's metrics for each test, from the cases and their results (in the
// same order).
std::vector<report::TestMetrics> MetricsOf(const std::vector<runner::SuiteCase>& cases,
                                           const std::vector<report::TestResult>& results) {
  std::vector<report::TestMetrics> metrics;
  const report::ServerGeneration generation = report::GenerationOfRun(results);
  for (size_t i = 0; i < results.size() && i < cases.size(); ++i) {
    const report::TestResult& r = results[i];
    report::TestMetrics m;
    m.testcase = r.name;
    m.environment = cases[i].spec.environment();
    m.target = cases[i].spec.target();
    m.start = r.started_at;
    m.finish = r.started_at + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(r.elapsed_seconds));
    // Go's split of a failure (report/failure_kind.h), by the run's generation.
    // A skipped test (not run for a stated reason) is neither; a flaky one passed.
    const bool failed =
        !report::CountsAsPassed(r.outcome) && r.outcome != report::Outcome::kSkipped;
    m.failed = failed && report::IsGoTestFailure(r.failure_kind, generation);
    m.timed_out = failed && !m.failed;
    metrics.push_back(std::move(m));
  }
  return metrics;
}

// False when the metrics could not be pushed (the problem printed).
bool PushMetrics(const RunOptions& options, const std::vector<runner::SuiteCase>& runs,
                 const std::vector<report::TestResult>& results) {
  const Status pushed = report::PushMetrics(options.pushgateway_url, options.pushgateway_job,
                                            MetricsOf(runs, results), std::chrono::seconds(30));
  if (!pushed.ok()) {
    std::cerr << "error: " << pushed.message() << "\n";
    return false;
  }
  spdlog::info("pushed the metrics of {} test(s) to {} (job {})", results.size(),
               options.pushgateway_url, options.pushgateway_job);
  return true;
}

}  // namespace

Status MakeReportFolders(const RunOptions& options) {
  for (const auto& [flag, path] :
       {std::pair<const char*, const std::string&>{"--junit", options.junit},
        {"--json", options.json},
        {"--html", options.html},
        {"--benchmark", options.benchmark}}) {
    if (Status folder = MakeReportFolder(flag, path); !folder.ok()) return folder;
  }
  return Status();
}

int WriteReports(const RunOptions& options, const std::vector<runner::SuiteCase>& tests,
                 const std::vector<runner::SuiteCase>& runs,
                 const std::vector<report::TestResult>& results, double seconds, int signo,
                 bool push) {
  std::optional<report::Coverage> coverage;
  if (options.coverage) coverage.emplace().Add(results);
  bool report_lost = !WriteReportFiles(options, results, seconds, coverage ? &*coverage : nullptr);
  if (!options.benchmark.empty()) report::PrintBenchmarkTable(std::cout, results);
  if (coverage) report::PrintCoverage(std::cout, *coverage);
  report::PrintSummary(std::cout, results, seconds);
  if (options.repeat > 1) PrintRepeatTally(std::cout, tests, options.repeat, results);
  std::cout.flush();
  if (push && !options.pushgateway_url.empty() && !PushMetrics(options, runs, results)) {
    report_lost = true;
  }
  const int exit_code = report::RunExitCode(results, signo, options.fail_on_flaky);
  // A run whose report could not be written did not succeed, whatever its tests did.
  return report_lost && exit_code == 0 ? 1 : exit_code;
}

void WriteJUnitForUnloadable(const std::string& path, const std::string& reason, double seconds) {
  if (path.empty()) return;
  report::TestResult result;
  result.name = "load test cases";
  result.outcome = report::Outcome::kError;
  result.message = reason;
  if (Status written = report::WriteJUnit({result}, seconds, path); !written.ok()) {
    std::cerr << "error: " << written.message() << "\n";
  }
}

void FinishedResults::Set(size_t i, const report::TestResult& result) {
  std::lock_guard<std::mutex> lock(mu_);
  results_[i] = result;
}

std::vector<report::TestResult> FinishedResults::SoFar(const std::string& reason,
                                                       report::Outcome unended) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<report::TestResult> out;
  for (size_t i = 0; i < cases_.size(); ++i) {
    out.push_back(results_[i] ? *results_[i]
                              : runner::ResultOf(cases_[i].spec, cases_[i].file, unended, reason));
  }
  return out;
}

}  // namespace armada::cli
