// What a run leaves behind: the report files its flags ask for (JUnit, JSON,
// HTML, benchmark, GitHub's step summary), the console summary, Armada's
// pushgateway metrics, and the exit code.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_options.h"
#include "common/status.h"
#include "report/result.h"
#include "runner/suite.h"

namespace armada::cli {

// Creates the folder of each report flag's file, so that the report (and,
// with --local, the server's log beside the JUnit file) can be written
// there. On failure the error names the flag.
Status MakeReportFolders(const RunOptions& options);

// Writes every report and the summary (with --repeat the tally of `tests`),
// pushes the metrics when `push`; returns the run's exit code
// (report::RunExitCode, or 1 when a report could not be written).
int WriteReports(const RunOptions& options, const std::vector<runner::SuiteCase>& tests,
                 const std::vector<runner::SuiteCase>& runs,
                 const std::vector<report::TestResult>& results, double seconds, int signo,
                 bool push);

// For a run that has no test cases to run: a JUnit report holding the
// reason as an <error>, since CI reads that file for the outcome and a
// missing one reads as "no report" rather than as this error.
void WriteJUnitForUnloadable(const std::string& path, const std::string& reason, double seconds);

// Each run's result as it ends, for reports written before every test
// ended (a second signal, a fatal error). Thread-safe.
class FinishedResults {
 public:
  explicit FinishedResults(const std::vector<runner::SuiteCase>& cases)
      : cases_(cases), results_(cases.size()) {}
  void Set(size_t i, const report::TestResult& result);
  // Every run: its result when it ended, else `unended` with reason.
  std::vector<report::TestResult> SoFar(
      const std::string& reason, report::Outcome unended = report::Outcome::kInterrupted) const;

 private:
  const std::vector<runner::SuiteCase>& cases_;
  mutable std::mutex mu_;
  std::vector<std::optional<report::TestResult>> results_;
};

}  // namespace armada::cli
