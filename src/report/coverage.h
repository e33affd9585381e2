// Lifecycle coverage of a suite: which transitions of Armada's external job
// lifecycle (the one table, api/job_lifecycle.h) the suite's jobs took and
// which tests took each, and which failure categories its failed events
// carried in each Armada generation (`categories`, v0.20.37-v0.20.40;
// `failureCategory`, v0.20.41 and later). `test --coverage` counts one
// run's results; `armada-testsuite coverage REPORT.json...` merges saved
// JSON reports (report/json_reader.h).
//
// Contract:
// - Every job's events are walked through lifecycle::Step from the start;
//   a transition counts when some job took it. A job whose events break
//   the lifecycle counts the transitions it took before and after (the
//   check, not coverage, reports the break).
// - Results may be added in several calls (several runs); a test is named
//   once per transition however many of its jobs or runs took it.
#pragma once

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "api/job_lifecycle.h"
#include "report/result.h"

namespace armada::report {

// The two Armada generations of failure categories.
inline constexpr const char* kCategoriesGeneration = "v0.20.37-v0.20.40 categories";
inline constexpr const char* kFailureCategoryGeneration = "v0.20.41+ failureCategory";

class Coverage {
 public:
  Coverage();

  // Counts the jobs of results.
  void Add(const std::vector<TestResult>& results);

  struct Row {
    const lifecycle::Transition* transition;
    std::set<std::string> tests;  // the tests whose jobs took it
  };
  // One row per transition of the table, in its order.
  const std::vector<Row>& rows() const { return rows_; }
  size_t covered() const;
  size_t total() const { return rows_.size(); }
  // Per generation, per category, the tests whose failed events carried it.
  const std::map<std::string, std::map<std::string, std::set<std::string>>>& categories() const {
    return categories_;
  }
  size_t tests() const { return tests_.size(); }

 private:
  void AddJob(const std::string& test, const JobTimeline& job);

  std::vector<Row> rows_;
  std::map<std::string, std::map<std::string, std::set<std::string>>> categories_;
  std::set<std::string> tests_;
};

// The console's account: `lifecycle coverage: C/T transitions taken by N
// test(s)`, then each untaken transition with the kind of case that takes
// it, then the failure categories seen per generation.
void PrintCoverage(std::ostream& out, const Coverage& coverage);

// The table as JSON text: {"covered", "total", "transitions": [{"from",
// "event", "retryable", "to", "taken", "tests", "source", "how"}],
// "failureCategories": [{"generation", "category", "tests"}]}.
std::string CoverageJsonText(const Coverage& coverage);

// An HTML <section class="coverage"> with the counts, the state graph
// (coverage_graph.h) and the table of transitions.
std::string CoverageHtmlSection(const Coverage& coverage);

}  // namespace armada::report
