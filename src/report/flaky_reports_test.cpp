// A flaky test (--retries: failed, then passed) in every report: its own
// outcome in the console summary, JSON, HTML and step summary; a passed
// <testcase> with <flakyFailure>s in JUnit; the run's exit status 0 unless
// --fail-on-flaky.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"
#include "report/outcome.h"
#include "report/step_summary.h"
#include "report/summary.h"

namespace armada::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<TestResult> FlakyAndFailed() {
  TestResult flaky;
  flaky.name = "flaky";
  flaky.outcome = Outcome::kFlaky;
  flaky.job_set_id = "flaky-x-a3";
  flaky.message = "passed on attempt 3 after 2 that did not; attempt 1: failed: first";
  FailedAttempt first;
  first.message = "first";
  first.job_set_id = "flaky-x";
  first.log = "first log";
  FailedAttempt second = first;
  second.outcome = Outcome::kError;
  second.message = "second";
  second.job_set_id = "flaky-x-a2";
  flaky.failed_attempts = {first, second};
  TestResult failed;
  failed.name = "broken";
  failed.outcome = Outcome::kFailed;
  failed.message = "last";
  FailedAttempt earlier;
  earlier.message = "earlier";
  failed.failed_attempts = {earlier};
  return {flaky, failed};
}

TEST(FlakyReportsTest, JUnitHasAPassedTestcaseWithFlakyFailuresAsSurefireWritesThem) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(RenderJUnit(FlakyAndFailed(), 1).c_str()));
  const pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(suite.attribute("tests").as_int(), 2);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);  // the flaky one passed
  EXPECT_EQ(suite.attribute("errors").as_int(), 0);
  const pugi::xml_node flaky = suite.find_child_by_attribute("testcase", "name", "flaky");
  EXPECT_FALSE(flaky.child("failure"));
  EXPECT_FALSE(flaky.child("error"));
  const pugi::xml_node first = flaky.child("flakyFailure");
  EXPECT_STREQ(first.attribute("message").value(), "first");
  EXPECT_STREQ(first.attribute("type").value(), "failed");
  EXPECT_STREQ(first.child("stackTrace").text().get(), "first");
  EXPECT_THAT(first.child("system-out").text().get(), HasSubstr("job set: flaky-x\n"));
  EXPECT_THAT(first.child("system-out").text().get(), HasSubstr("first log"));
  EXPECT_STREQ(flaky.child("flakyError").attribute("message").value(), "second");
  // One that never passed: its <failure>, then the earlier attempt as a rerun.
  const pugi::xml_node broken = suite.find_child_by_attribute("testcase", "name", "broken");
  EXPECT_STREQ(broken.first_child().name(), "failure");
  EXPECT_STREQ(broken.child("rerunFailure").attribute("message").value(), "earlier");
  EXPECT_FALSE(broken.child("flakyFailure"));
}

TEST(FlakyReportsTest, JsonHtmlStepSummaryAndConsoleSayFlaky) {
  const auto results = FlakyAndFailed();
  const auto json = nlohmann::json::parse(RenderJson(results, 1));
  EXPECT_EQ(json["flaky"], 1);
  EXPECT_EQ(json["passed"], 0);
  EXPECT_EQ(json["failed"], 1);
  EXPECT_EQ(json["results"][0]["result"], "flaky");
  EXPECT_EQ(json["results"][0]["failedAttempts"].size(), 2u);
  EXPECT_EQ(json["results"][0]["failedAttempts"][1]["result"], "error");
  EXPECT_EQ(json["results"][0]["failedAttempts"][0]["jobSetId"], "flaky-x");

  const std::string html = RenderHtml(results, 1);
  EXPECT_THAT(html, HasSubstr("0 passed, 1 flaky, 1 failed"));
  EXPECT_THAT(html, HasSubstr("<td class=\"result flaky\">flaky</td>"));
  EXPECT_THAT(html, HasSubstr("attempt 1: failed"));

  const std::string summary = RenderStepSummary(results, 1);
  EXPECT_THAT(summary, HasSubstr("0 passed, 1 flaky, 1 failed"));
  EXPECT_THAT(summary, HasSubstr("| flaky | ⚠️ flaky |"));

  std::ostringstream console;
  PrintSummary(console, results, 1);
  EXPECT_THAT(console.str(), HasSubstr(" flaky "));
  EXPECT_THAT(console.str(), HasSubstr("0 passed, 1 flaky, 1 failed"));
}

TEST(FlakyReportsTest, AFlakyTestPassesTheRunUnlessFailOnFlaky) {
  std::vector<TestResult> results = FlakyAndFailed();
  results.pop_back();
  EXPECT_EQ(RunExitCode(results, 0), 0);
  EXPECT_EQ(RunExitCode(results, 0, /*fail_on_flaky=*/true), 1);
  EXPECT_TRUE(CountsAsPassed(Outcome::kFlaky));
  EXPECT_FALSE(CountsAsPassed(Outcome::kFailed));
}

}  // namespace
}  // namespace armada::report
