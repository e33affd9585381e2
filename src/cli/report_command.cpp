// `armada-testsuite report merge OUT REPORT...`: joins the reports of
// several runs (report/merge.h) into the folder OUT: junit.xml from the
// JUnit inputs (*.xml), results.json and report.html from the JSON inputs
// (*.json; their JUnit too when no *.xml is given). Prints the merged
// counts; exits 0 when written, 2 for a mistake in the inputs.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/usage.h"
#include "common/read_file.h"
#include "report/file_output.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"
#include "report/merge.h"
#include "report/summary.h"

namespace armada::cli {
namespace {

bool EndsWith(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// As json_reader.cpp's bound: a JUnit file far past a big run's is not one.
constexpr size_t kMaxReportBytes = size_t{2} << 30;

Status Merge(const std::string& out, const std::vector<std::string>& inputs) {
  std::vector<std::pair<std::string, std::string>> junit;
  std::vector<report::JsonReport> json;
  for (const std::string& input : inputs) {
    if (EndsWith(input, ".xml")) {
      auto text = ReadFileToString(input, kMaxReportBytes);
      if (!text.ok()) return text.status();
      junit.emplace_back(input, std::move(text).value());
    } else if (EndsWith(input, ".json")) {
      auto read = report::ReadJsonReport(input);
      if (!read.ok()) return read.status();
      json.push_back(std::move(read).value());
    } else {
      return Status::Error(input +
                           ": not a report this command reads: give JUnit (.xml, from --junit) "
                           "or JSON (.json, from --json) reports");
    }
  }
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) return Status::Error("cannot create the folder " + out + ": " + error.message());
  const std::string folder = out + "/";
  const report::JsonReport merged = report::MergeJsonReports(json);
  if (!junit.empty()) {
    auto joined = report::MergeJUnit(junit);
    if (!joined.ok()) return joined.status();
    if (Status s = report::WriteWhole(folder + "junit.xml", *joined, "JUnit report"); !s.ok()) {
      return s;
    }
  } else if (Status s = report::WriteJUnit(merged.results, merged.total_seconds,
                                           folder + "junit.xml", "armada-testsuite (merged)");
             !s.ok()) {
    return s;
  }
  std::cout << "wrote " << folder << "junit.xml";
  if (!json.empty()) {
    for (Status s :
         {report::WriteJson(merged.results, merged.total_seconds, folder + "results.json"),
          report::WriteHtml(merged.results, merged.total_seconds, folder + "report.html")}) {
      if (!s.ok()) return s;
    }
    std::cout << ", " << folder << "results.json, " << folder << "report.html";
  }
  std::cout << "\n";
  if (!json.empty()) report::PrintSummary(std::cout, merged.results, merged.total_seconds);
  return Status();
}

}  // namespace

void AddReportCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("report", "Work with the reports of earlier runs");
  cmd->require_subcommand(1);
  CLI::App* merge = cmd->add_subcommand(
      "merge",
      "Join the JUnit (.xml) and JSON (.json) reports of several runs (the shards of --shard) "
      "into OUT/junit.xml, OUT/results.json and OUT/report.html");
  struct Options {
    std::string out;
    std::vector<std::string> inputs;
  };
  auto options = std::make_shared<Options>();
  merge->add_option("OUT", options->out, "Folder to write the merged reports to")->required();
  merge->add_option("REPORT", options->inputs, "The reports to join, in order")->required();
  merge->callback([options, exit_code] {
    const Status merged = Merge(options->out, options->inputs);
    if (!merged.ok()) std::cerr << "error: " << merged.message() << "\n";
    *exit_code = merged.ok() ? 0 : kUsageExit;
  });
}

}  // namespace armada::cli
