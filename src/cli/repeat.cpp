#include "cli/repeat.h"

#include <algorithm>
#include <map>

namespace armada::cli {
namespace {

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The message with what differs between runs of one test (its job ids and
// job set) replaced, so that the same failure reads the same.
std::string Normalised(const report::TestResult& result) {
  std::string message = result.message;
  for (const report::JobTimeline& job : result.jobs) ReplaceAll(message, job.job_id, "<job>");
  ReplaceAll(message, result.job_set_id, "<job set>");
  return message;
}

}  // namespace

std::vector<runner::SuiteCase> RepeatCases(const std::vector<runner::SuiteCase>& cases, int n) {
  if (n == 1) return cases;
  std::vector<runner::SuiteCase> runs;
  runs.reserve(cases.size() * static_cast<size_t>(n));
  for (int r = 1; r <= n; ++r) {
    for (const runner::SuiteCase& test : cases) {
      runner::SuiteCase run = test;
      run.spec.set_name(test.spec.name() + " (run " + std::to_string(r) + "/" + std::to_string(n) +
                        ")");
      run.spec.set_job_set_id(test.spec.job_set_id() + "-r" + std::to_string(r));
      runs.push_back(std::move(run));
    }
  }
  return runs;
}

void PrintRepeatTally(std::ostream& out, const std::vector<runner::SuiteCase>& cases, int n,
                      const std::vector<report::TestResult>& results) {
  out << "repeated " << n << " time(s) each:\n";
  for (size_t t = 0; t < cases.size(); ++t) {
    int passed = 0;
    std::map<std::string, int> failures;
    for (int r = 0; r < n; ++r) {
      const size_t i = static_cast<size_t>(r) * cases.size() + t;
      if (i >= results.size()) break;
      if (report::CountsAsPassed(results[i].outcome)) {
        ++passed;
      } else {
        ++failures[std::string(report::InfoOf(results[i].outcome).name) + ": " +
                   Normalised(results[i])];
      }
    }
    out << "  " << cases[t].spec.name() << ": " << passed << "/" << n << "\n";
    std::vector<std::pair<std::string, int>> sorted(failures.begin(), failures.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [message, count] : sorted) {
      out << "    " << count << "x " << message << "\n";
    }
  }
}

}  // namespace armada::cli
