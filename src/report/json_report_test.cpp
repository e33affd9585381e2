#include "report/json_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

TEST(JsonReportTest, HoldsEachTestWithItsJobsEventsAndTimes) {
  const WallTime t0 = testing::SampleStart();
  TestResult passed;
  passed.name = "ok";
  passed.outcome = Outcome::kPassed;
  passed.elapsed_seconds = 1.25;
  passed.started_at = t0;
  passed.message = "ignored for a pass";
  passed.jobs = {testing::SampleJob("j1", t0, {{"submitted", 1}, {"succeeded", 1500}})};
  TestResult failed;
  failed.name = "oom";
  failed.outcome = Outcome::kFailed;
  failed.message = "expected categories [user_error] but got [oom] \xff";
  failed.jobs = {testing::SampleJob(
      "j2", t0, {{"submitted", 0}, {"failed", 20, "categories [oom]"}}, "out of memory")};
  TestResult skipped;
  skipped.name = "later";
  skipped.outcome = Outcome::kInterrupted;

  const auto doc = nlohmann::json::parse(RenderJson({passed, failed, skipped}, 3.5));
  EXPECT_EQ(doc["tests"], 3);
  EXPECT_EQ(doc["passed"], 1);
  EXPECT_EQ(doc["failed"], 1);
  EXPECT_EQ(doc["skipped"], 1);
  EXPECT_EQ(doc["time"], 3.5);
  const auto& ok = doc["results"][0];
  EXPECT_EQ(ok["result"], "passed");
  EXPECT_EQ(ok["failure"], "");
  EXPECT_EQ(ok["time"], 1.25);
  EXPECT_EQ(ok["startedAt"], "2025-11-30T14:52:58.000Z");
  EXPECT_EQ(ok["jobs"][0]["jobId"], "j1");
  EXPECT_EQ(ok["jobs"][0]["end"], "succeeded");
  EXPECT_EQ(ok["jobs"][0]["submittedAt"], "2025-11-30T14:52:58.000Z");
  EXPECT_EQ(ok["jobs"][0]["events"][1]["event"], "succeeded");
  EXPECT_EQ(ok["jobs"][0]["events"][1]["at"], "2025-11-30T14:52:59.500Z");
  EXPECT_FALSE(ok["jobs"][0]["events"][1].contains("detail"));
  const auto& bad = doc["results"][1];
  EXPECT_EQ(bad["result"], "failed");
  EXPECT_EQ(bad["failure"], "expected categories [user_error] but got [oom] \xEF\xBF\xBD");
  EXPECT_EQ(bad["jobs"][0]["events"][1]["detail"], "categories [oom]");
  EXPECT_EQ(bad["jobs"][0]["logTail"], "out of memory");
  EXPECT_EQ(doc["results"][2]["result"], "interrupted");
  EXPECT_TRUE(doc["results"][2]["startedAt"].is_null());
}

TEST(JsonReportTest, FailedEventsCarryTheirCategoriesAsFieldsNotOnlyText) {
  const WallTime t0 = testing::SampleStart();
  TestResult seeds;
  seeds.name = "oom";
  seeds.outcome = Outcome::kPassed;
  seeds.jobs = {testing::SampleJob(
      "j1", t0,
      {{"submitted", 0}, {"failed", 20, "reason \"OOMKilled\", categories [oom, user_error]"}})};
  TestResult current = seeds;
  current.jobs = {testing::SampleJob(
      "j2", t0,
      {{"submitted", 0},
       {"failed", 20,
        "reason \"OOMKilled\", failureCategory oom, failureSubcategory x, retryable"}})};

  const auto doc = nlohmann::json::parse(RenderJson({seeds, current}, 1));
  const auto& listed = doc["results"][0]["jobs"][0]["events"][1];
  EXPECT_EQ(listed["reason"], "OOMKilled");
  EXPECT_EQ(listed["categories"], nlohmann::json({"oom", "user_error"}));
  EXPECT_FALSE(listed.contains("failureCategory"));
  EXPECT_EQ(doc["results"][0]["categories"], nlohmann::json({"oom", "user_error"}));
  const auto& mapped = doc["results"][1]["jobs"][0]["events"][1];
  EXPECT_EQ(mapped["failureCategory"], "oom");
  EXPECT_EQ(mapped["failureSubcategory"], "x");
  EXPECT_EQ(mapped["retryable"], true);
  EXPECT_FALSE(mapped.contains("categories"));
  EXPECT_EQ(doc["results"][1]["categories"], nlohmann::json({"oom"}));
  EXPECT_FALSE(doc["results"][0]["jobs"][0]["events"][0].contains("reason"));
}

TEST(JsonReportTest, RunMetadataSaysToolTimesTargetGenerationAndCommandLine) {
  RunInfo run;
  run.tool_version = "0.1.0 (commit abc)";
  run.started_at = testing::SampleStart();
  run.ended_at = testing::SampleStart() + std::chrono::seconds(2);
  run.target = "armada-localstack (--local)";
  run.generation = "v0.22.7";
  run.command_line = "armada-testsuite test --local";
  run.hostname = "ci-7";
  const auto doc = nlohmann::json::parse(RenderJson({}, 2, nullptr, &run));
  EXPECT_EQ(doc["run"]["tool"], "armada-testsuite");
  EXPECT_EQ(doc["run"]["version"], "0.1.0 (commit abc)");
  EXPECT_EQ(doc["run"]["startedAt"], "2025-11-30T14:52:58.000Z");
  EXPECT_EQ(doc["run"]["endedAt"], "2025-11-30T14:53:00.000Z");
  EXPECT_EQ(doc["run"]["target"], "armada-localstack (--local)");
  EXPECT_EQ(doc["run"]["generation"], "v0.22.7");
  EXPECT_EQ(doc["run"]["commandLine"], "armada-testsuite test --local");
  EXPECT_EQ(doc["run"]["hostname"], "ci-7");
  run.generation.clear();
  EXPECT_TRUE(
      nlohmann::json::parse(RenderJson({}, 2, nullptr, &run))["run"]["generation"].is_null());
  EXPECT_FALSE(nlohmann::json::parse(RenderJson({}, 2)).contains("run"));
}

}  // namespace
}  // namespace armada::report
