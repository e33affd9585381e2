#include "report/coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "report/coverage_graph.h"
#include "report/json_reader.h"
#include "report/json_report.h"
#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

using report::testing::SampleJob;
using report::testing::SampleStart;
using ::testing::HasSubstr;
using ::testing::Not;

TestResult ResultOf(const std::string& name, std::vector<JobTimeline> jobs) {
  TestResult result;
  result.name = name;
  result.outcome = Outcome::kPassed;
  result.jobs = std::move(jobs);
  return result;
}

TestResult Succeeds(const std::string& name) {
  return ResultOf(name, {SampleJob("a", SampleStart(),
                                   {{"submitted", 1},
                                    {"queued", 2},
                                    {"leased", 3},
                                    {"pending", 4},
                                    {"running", 5},
                                    {"succeeded", 6}})});
}

TestResult OomKilled(const std::string& name, const std::string& detail) {
  return ResultOf(name, {SampleJob("b", SampleStart(),
                                   {{"submitted", 1},
                                    {"queued", 2},
                                    {"leased", 3},
                                    {"pending", 4},
                                    {"running", 5},
                                    {"failed", 6, detail}})});
}

const Coverage::Row& RowNamed(const Coverage& coverage, const std::string& name) {
  for (const Coverage::Row& row : coverage.rows()) {
    if (lifecycle::TransitionName(*row.transition) == name) return row;
  }
  ADD_FAILURE() << "no transition " << name;
  return coverage.rows().front();
}

TEST(CoverageTest, CountsTheTransitionsJobsTookAndWhichTests) {
  Coverage coverage;
  coverage.Add({Succeeds("ok"), Succeeds("ok-too")});
  EXPECT_EQ(coverage.covered(), 6u);
  EXPECT_EQ(coverage.total(), lifecycle::Transitions().size());
  EXPECT_THAT(RowNamed(coverage, "running -> succeeded").tests,
              ::testing::ElementsAre("ok", "ok-too"));
  EXPECT_TRUE(RowNamed(coverage, "running -> failed").tests.empty());
  // A second run of the same tests adds no count; a new transition does.
  coverage.Add({Succeeds("ok"), OomKilled("oom", "reason \"OOMKilled\", failureCategory oom")});
  EXPECT_EQ(coverage.covered(), 7u);
  EXPECT_THAT(RowNamed(coverage, "running -> failed").tests, ::testing::ElementsAre("oom"));
}

TEST(CoverageTest, FailureCategoriesAreKeptPerGeneration) {
  Coverage coverage;
  coverage.Add(
      {OomKilled("old", "reason \"OOMKilled\", categories [oom, user_error]"),
       OomKilled("new", "reason \"OOMKilled\", failureCategory oom, failureSubcategory x")});
  const auto& categories = coverage.categories();
  ASSERT_EQ(categories.size(), 2u);
  EXPECT_THAT(categories.at(kCategoriesGeneration).at("oom"), ::testing::ElementsAre("old"));
  EXPECT_THAT(categories.at(kCategoriesGeneration).at("user_error"), ::testing::ElementsAre("old"));
  EXPECT_THAT(categories.at(kFailureCategoryGeneration).at("oom"), ::testing::ElementsAre("new"));
}

TEST(CoverageTest, ARetryableFailureTakesItsOwnTransition) {
  Coverage coverage;
  coverage.Add({ResultOf("retried", {SampleJob("c", SampleStart(),
                                               {{"submitted", 1},
                                                {"queued", 2},
                                                {"leased", 3},
                                                {"pending", 4},
                                                {"running", 5},
                                                {"failed", 6, "reason \"x\", retryable"},
                                                {"leased", 7},
                                                {"pending", 8},
                                                {"running", 9},
                                                {"succeeded", 10}})})});
  EXPECT_EQ(RowNamed(coverage, "running -> failed (retryable)").tests.size(), 1u);
  EXPECT_EQ(RowNamed(coverage, "returned -> leased").tests.size(), 1u);
  EXPECT_TRUE(RowNamed(coverage, "running -> failed").tests.empty());
}

TEST(CoverageTest, TheConsoleNamesUntakenTransitionsWithTheCaseThatTakesThem) {
  Coverage coverage;
  coverage.Add({Succeeds("ok")});
  std::ostringstream out;
  PrintCoverage(out, coverage);
  EXPECT_THAT(out.str(), HasSubstr("lifecycle coverage: 6/" + std::to_string(coverage.total()) +
                                   " transitions taken by 1 test(s)\n"));
  EXPECT_THAT(out.str(), HasSubstr("  pending -> failed: a pod that never starts: an image that "
                                   "cannot be pulled"));
  EXPECT_THAT(out.str(), Not(HasSubstr("  running -> succeeded:")));
  EXPECT_THAT(out.str(), HasSubstr("failure categories: none seen"));
}

TEST(CoverageTest, JsonCarriesTheTable) {
  Coverage coverage;
  coverage.Add({Succeeds("ok")});
  const auto doc = nlohmann::json::parse(RenderJson({Succeeds("ok")}, 1.0, &coverage));
  const auto& table = doc["coverage"];
  EXPECT_EQ(table["covered"], 6);
  EXPECT_EQ(table["total"], coverage.total());
  ASSERT_EQ(table["transitions"].size(), coverage.total());
  EXPECT_EQ(table["transitions"][0]["from"], "start");
  EXPECT_EQ(table["transitions"][0]["event"], "submitted");
  EXPECT_EQ(table["transitions"][0]["tests"], nlohmann::json::array({"ok"}));
  EXPECT_THAT(table["transitions"][0]["source"].get<std::string>(),
              HasSubstr("job-lifecycle-events.md"));
  // Without coverage the report has no such key.
  EXPECT_FALSE(nlohmann::json::parse(RenderJson({Succeeds("ok")}, 1.0)).contains("coverage"));
}

size_t Count(const std::string& text, const std::regex& what) {
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), what), std::sregex_iterator()));
}

TEST(CoverageTest, TheGraphHasAnEdgePerTransitionAndMarksTheTakenOnes) {
  Coverage coverage;
  coverage.Add({Succeeds("ok")});
  const std::string svg = LifecycleGraphSvg(coverage);
  ASSERT_EQ(svg.find("<div class=\"coverage-graph\"><svg"), 0u) << svg.substr(0, 400);
  EXPECT_EQ(Count(svg, std::regex("<g id=\"t[0-9]+\" class=\"edge taken\"")), 6u);
  EXPECT_EQ(Count(svg, std::regex("<g id=\"t[0-9]+\" class=\"edge untaken\"")),
            coverage.total() - 6);
  EXPECT_EQ(Count(svg, std::regex("class=\"node state\"")), lifecycle::kJobStateCount - 1);
  // Nothing outside the file.
  EXPECT_FALSE(std::regex_search(svg, std::regex(R"((src|href)\s*=)")));
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(CoverageTest, ReadsBackTheJsonReport) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("coverage-" + std::to_string(getpid()) + ".json"))
          .string();
  std::ofstream(path) << RenderJson(
      {Succeeds("ok"), OomKilled("oom", "reason \"OOMKilled\", failureCategory oom")}, 1.0);
  auto report = ReadJsonReport(path);
  ASSERT_TRUE(report.ok()) << report.status().message();
  Coverage coverage;
  coverage.Add(report->results);
  EXPECT_EQ(coverage.covered(), 7u);
  EXPECT_EQ(coverage.categories().at(kFailureCategoryGeneration).count("oom"), 1u);

  std::string text = RenderJson({Succeeds("ok")}, 1.0);
  text = std::regex_replace(text, std::regex(R"("event": *"succeeded")"), R"("event": "runing")");
  std::ofstream(path) << text;
  report = ReadJsonReport(path);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("\"runing\" is not an event"));
  std::ofstream(path) << "<html>";
  EXPECT_THAT(ReadJsonReport(path).status().message(), HasSubstr(": not a JSON report"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace armada::report
