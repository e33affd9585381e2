#include "report/step_summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace armada::report {
namespace {

TEST(StepSummaryTest, TableRowPerTestWithSafeCells) {
  TestResult a;
  a.name = "submit_1x1";
  a.outcome = Outcome::kPassed;
  a.elapsed_seconds = 2.04;
  TestResult b;
  b.name = "oom|x";
  b.outcome = Outcome::kFailed;
  b.elapsed_seconds = 1;
  b.message = "expected <oom>\nbut got | user_error";
  const std::string md = RenderStepSummary({a, b}, 3.0);
  EXPECT_NE(md.find("### armada-testsuite: 1 passed, 1 failed, 0 errors, 0 skipped in 3.0s\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| Test | Result | Time | Failure |\n|---|---|---|---|\n"), std::string::npos);
  EXPECT_NE(md.find("| submit_1x1 | ✅ passed | 2.0s |  |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| oom\\|x | ❌ failed | 1.0s | expected &lt;oom&gt;<br>but got \\| "
                    "user_error |\n"),
            std::string::npos)
      << md;
}

TEST(StepSummaryTest, LongMessageIsCut) {
  TestResult a;
  a.name = "long";
  a.outcome = Outcome::kFailed;
  a.message = std::string(1000, 'x');
  const std::string md = RenderStepSummary({a}, 1.0);
  EXPECT_NE(md.find(std::string(300, 'x') + "… |"), std::string::npos);
  EXPECT_EQ(md.find(std::string(301, 'x')), std::string::npos);
}

TEST(StepSummaryTest, AppendsToWhatOtherStepsWrote) {
  char dir[] = "/tmp/step_summary_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/summary.md";
  std::ofstream(path) << "earlier step\n";
  TestResult a;
  a.name = "t";
  a.outcome = Outcome::kPassed;
  ASSERT_TRUE(AppendStepSummary({a}, 1.0, path).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "earlier step\n" + RenderStepSummary({a}, 1.0));
  std::remove(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace armada::report
