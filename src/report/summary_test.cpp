#include "report/summary.h"

#include <gtest/gtest.h>

#include <sstream>

namespace armada::report {
namespace {

TEST(SummaryTest, TableSaysOutcomesInTheReportsWordsAndEndsWithOneCountsLine) {
  TestResult a;
  a.name = "submit_1x1";
  a.job_set_id = "submit_1x1-x1";
  a.outcome = Outcome::kPassed;
  a.elapsed_seconds = 2.04;
  TestResult b;
  b.name = "oom";
  b.job_set_id = "oom-x2";
  b.outcome = Outcome::kFailed;
  b.message = "expected categories [user_error] but got [oom]";
  TestResult c;
  c.name = "later";
  c.outcome = Outcome::kSkipped;
  c.message = "not run";
  std::ostringstream out;
  PrintSummary(out, {a, b, c}, 3.0);
  const std::string text = out.str();
  EXPECT_NE(text.find("Test:      Result: Elapsed: JobSet:\n"), std::string::npos) << text;
  EXPECT_NE(text.find("submit_1x1 passed  2.0s     submit_1x1-x1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("oom        failed  0.0s     oom-x2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("oom (failed): expected categories [user_error] but got [oom]\n"),
            std::string::npos);
  for (const char* other_word : {"SUCCESS", "FAILURE", "Success", "Failure", "Ran "}) {
    EXPECT_EQ(text.find(other_word), std::string::npos) << other_word << " in\n" << text;
  }
  const std::string closing = "\n1 passed, 1 failed, 0 errors, 1 skipped in 3.0s\n";
  ASSERT_GE(text.size(), closing.size());
  EXPECT_EQ(text.substr(text.size() - closing.size()), closing);
}

TEST(SummaryTest, OneReasonSharedByManyTestsIsPrintedOnce) {
  std::vector<TestResult> results(5);
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].name = "t" + std::to_string(i);
    results[i].outcome = Outcome::kError;
    results[i].message = "cannot reach Armada at a:1";
  }
  std::ostringstream out;
  PrintSummary(out, results, 1.0);
  const std::string text = out.str();
  EXPECT_NE(text.find("t0, t1, t2 and 2 more (error): cannot reach Armada at a:1\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("cannot reach"), text.rfind("cannot reach")) << text;
  EXPECT_NE(text.find("0 passed, 0 failed, 5 errors, 0 skipped in 1.0s\n"), std::string::npos)
      << text;
}

TEST(SummaryTest, AMultiLineReasonKeepsItsFurtherLinesIndentedUnderItsEntry) {
  TestResult a;
  a.name = "oom";
  a.outcome = Outcome::kFailed;
  a.message = "job j1 ended with failed\nits log:\nkilled\n";
  std::ostringstream out;
  PrintSummary(out, {a}, 1.0);
  EXPECT_NE(out.str().find("oom (failed): job j1 ended with failed\n    its log:\n    killed\n\n"),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace armada::report
