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
  passed.jobs.push_back(testing::SampleJob("j1", t0, {{"submitted", 1}, {"succeeded", 1500}}));
  TestResult failed;
  failed.name = "oom";
  failed.outcome = Outcome::kFailed;
  failed.message = "expected categories [user_error] but got [oom] \xff";
  failed.jobs.push_back(
      testing::SampleJob("j2", t0, {{"submitted", 0}, {"failed", 20, "categories [oom]"}}));
  failed.jobs.back().log_tail = "out of memory";
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

}  // namespace
}  // namespace armada::report
