// `armada-testsuite coverage REPORT.json... [--json FILE] [--html FILE]`:
// lifecycle coverage (report/coverage.h) of the runs whose JSON reports
// (`test --json`) are given, merged: e.g. one report per Armada generation.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "report/coverage.h"
#include "report/file_output.h"
#include "report/html_report.h"
#include "report/json_reader.h"

namespace armada::cli {
namespace {

struct CoverageOptions {
  std::vector<std::string> reports;
  std::string json, html;
};

// The exit code of reports that cannot be read, as `test`'s cannot-run.
constexpr int kUnreadable = 2;

int RunCoverage(const CoverageOptions& options) {
  report::Coverage coverage;
  std::vector<report::TestResult> all;
  for (const std::string& path : options.reports) {
    auto report = report::ReadJsonReport(path);
    if (!report.ok()) {
      std::cerr << "error: " << report.status().message() << "\n";
      return kUnreadable;
    }
    coverage.Add(report->results);
    all.insert(all.end(), std::make_move_iterator(report->results.begin()),
               std::make_move_iterator(report->results.end()));
  }
  report::PrintCoverage(std::cout, coverage);
  int exit_code = 0;
  if (!options.json.empty()) {
    const Status written =
        report::WriteWhole(options.json, report::CoverageJsonText(coverage) + "\n", "JSON");
    if (!written.ok()) {
      std::cerr << "error: " << written.message() << "\n";
      exit_code = 1;
    }
  }
  if (!options.html.empty()) {
    const Status written = report::WriteHtml(all, 0, options.html, &coverage);
    if (!written.ok()) {
      std::cerr << "error: " << written.message() << "\n";
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace

void AddCoverageCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "coverage",
      "Print which transitions of Armada's job lifecycle the runs of saved JSON reports "
      "(test --json) took, merged, and the untaken ones");
  auto options = std::make_shared<CoverageOptions>();
  cmd->add_option("reports", options->reports, "JSON reports of `test --json`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--json", options->json, "Also write the coverage table as JSON to this file");
  cmd->add_option("--html", options->html,
                  "Also write an HTML report with the state graph (and the reports' tests)");
  cmd->callback([options, exit_code] { *exit_code = RunCoverage(*options); });
}

}  // namespace armada::cli
