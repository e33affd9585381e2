#include "cli/last_failed.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "common/read_file.h"
#include "report/file_output.h"
#include "report/json_reader.h"

namespace armada::cli {
namespace {

// A --repeat run's name, "NAME (run R/N)", as the test's NAME.
std::string TestNameOf(const std::string& name) {
  const size_t at = name.rfind(" (run ");
  return at != std::string::npos && name.back() == ')' ? name.substr(0, at) : name;
}

}  // namespace

std::string RememberedReportFile() {
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  std::filesystem::path dir;
  if (state != nullptr && *state == '/') {
    dir = state;
  } else if (home != nullptr && *home != '\0') {
    dir = std::filesystem::path(home) / ".local" / "state";
  } else {
    return "";
  }
  return (dir / "armada-testsuite" / "last-json-report").string();
}

void RememberJsonReport(const std::string& path) {
  const std::string record = RememberedReportFile();
  if (record.empty()) return;
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  std::filesystem::create_directories(std::filesystem::path(record).parent_path(), error);
  Status written =
      error ? Status::Error(error.message())
            : report::WriteWhole(record, absolute.string() + "\n", "the last JSON report's record");
  if (!written.ok()) spdlog::warn("--last-failed will not find this run: {}", written.message());
}

StatusOr<std::pair<std::set<std::string>, std::string>> LastFailedNames(const std::string& path) {
  std::string report_path = path;
  if (report_path.empty()) {
    const std::string record = RememberedReportFile();
    auto text = record.empty()
                    ? StatusOr<std::string>(Status::Error("neither XDG_STATE_HOME nor HOME is set"))
                    : ReadFileToString(record, 4096);
    if (!text.ok()) {
      return Status::Error("--last-failed: no previous JSON report is known (" +
                           text.status().message() +
                           "): run once with --json FILE, or name a report: --last-failed=FILE");
    }
    report_path = text->substr(0, text->find('\n'));
  }
  auto report = report::ReadJsonReport(report_path);
  if (!report.ok()) return Status::Error("--last-failed: " + report.status().message());
  std::set<std::string> failed;
  for (const report::TestResult& r : report->results) {
    if (r.outcome == report::Outcome::kFailed || r.outcome == report::Outcome::kError) {
      failed.insert(TestNameOf(r.name));
    }
  }
  return std::make_pair(std::move(failed), report_path);
}

std::vector<runner::SuiteCase> SelectLastFailed(std::vector<runner::SuiteCase> cases,
                                                const std::set<std::string>& failed) {
  std::vector<runner::SuiteCase> selected;
  for (runner::SuiteCase& test : cases) {
    if (failed.count(test.spec.name()) > 0) selected.push_back(std::move(test));
  }
  return selected;
}

}  // namespace armada::cli
