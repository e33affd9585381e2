#include "report/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"
#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

using ::testing::HasSubstr;

std::vector<TestResult> Sample() {
  const WallTime t0 = testing::SampleStart();
  TestResult flaky;
  flaky.name = "flaky";
  flaky.file = "cases/flaky.yaml";
  flaky.queue = "q";
  flaky.job_set_id = "flaky-x-a2";
  flaky.outcome = Outcome::kFlaky;
  flaky.message = "passed on attempt 2 after 1 that did not; attempt 1: failed: boom";
  flaky.started_at = t0;
  flaky.elapsed_seconds = 3.5;
  flaky.log = "step one\n";
  flaky.jobs = {testing::SampleJob(
      "j1", t0, {{"submitted", 0}, {"failed", 20, "reason x"}, {"succeeded", 1500}}, "tail")};
  FailedAttempt attempt;
  attempt.message = "boom";
  attempt.job_set_id = "flaky-x";
  attempt.elapsed_seconds = 1.25;
  attempt.log = "attempt log\n";
  attempt.timed_out = true;
  flaky.failed_attempts.push_back(attempt);
  TestResult skipped;
  skipped.name = "later";
  skipped.outcome = Outcome::kInterrupted;
  skipped.message = "not run";
  return {flaky, skipped};
}

TEST(JsonReaderTest, ReadsBackWhatTheJsonReportWrote) {
  const std::vector<TestResult> results = Sample();
  const std::string written = RenderJson(results, 12.5);
  auto read = ParseJsonReport(written, "r.json");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->total_seconds, 12.5);
  ASSERT_EQ(read->results.size(), 2u);
  // Read back, every report renders the same text as from the run's own results.
  EXPECT_EQ(RenderJson(read->results, 12.5), written);
  EXPECT_EQ(RenderJUnit(read->results, 12.5), RenderJUnit(results, 12.5));
  EXPECT_EQ(RenderHtml(read->results, 12.5), RenderHtml(results, 12.5));
  EXPECT_EQ(read->results[0].jobs[0].End(), results[0].jobs[0].End());
  EXPECT_EQ(read->results[0].failed_attempts.at(0).log, "attempt log\n");
}

TEST(JsonReaderTest, NamesWhereAReportIsMalformed) {
  auto not_json = ParseJsonReport("{\"results\": [", "r.json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_THAT(not_json.status().message(), HasSubstr("r.json: not a JSON report"));
  std::string text = RenderJson(Sample(), 1);
  const std::string at = "\"at\": \"";
  text.replace(text.find(at) + at.size(), 4, "20x6");
  auto bad_time = ParseJsonReport(text, "r.json");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_THAT(bad_time.status().message(), HasSubstr("r.json: not an armada-testsuite JSON report: "
                                                     "results[0].jobs[0].events[0].at \"20x6"));
  auto no_results = ParseJsonReport("{\"time\": 1}", "r.json");
  ASSERT_FALSE(no_results.ok());
  EXPECT_THAT(no_results.status().message(), HasSubstr("results is missing"));
  auto bad_outcome = ParseJsonReport(
      R"({"time":1,"results":[{"name":"a","file":"","queue":"","jobSetId":"","result":"won",)"
      R"("time":1,"failure":"","timedOut":false,"log":"","startedAt":null,"jobs":[]}]})",
      "r.json");
  ASSERT_FALSE(bad_outcome.ok());
  EXPECT_THAT(bad_outcome.status().message(),
              HasSubstr("results[0].result \"won\" is not an outcome"));
}

TEST(JsonReaderTest, AMissingFileIsAnErrorNamingIt) {
  auto missing = ReadJsonReport("/nonexistent/r.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("/nonexistent/r.json"));
}

}  // namespace
}  // namespace armada::report
