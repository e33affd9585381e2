#include "report/outcome.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "report/result.h"

namespace armada::report {
namespace {

std::vector<TestResult> Results(std::initializer_list<Outcome> outcomes) {
  std::vector<TestResult> results;
  for (Outcome outcome : outcomes) {
    TestResult result;
    result.outcome = outcome;
    results.push_back(result);
  }
  return results;
}

TEST(OutcomeTest, EachOutcomeHasItsJUnitElement) {
  EXPECT_EQ(InfoOf(Outcome::kPassed).junit, JUnitElement::kNone);
  EXPECT_STREQ(JUnitElementName(InfoOf(Outcome::kFailed).junit), "failure");
  EXPECT_STREQ(JUnitElementName(InfoOf(Outcome::kError).junit), "error");
  EXPECT_STREQ(JUnitElementName(InfoOf(Outcome::kSkipped).junit), "skipped");
  EXPECT_STREQ(JUnitElementName(InfoOf(Outcome::kInterrupted).junit), "skipped");
  for (Outcome outcome : {Outcome::kPassed, Outcome::kFailed, Outcome::kError, Outcome::kSkipped,
                          Outcome::kInterrupted}) {
    EXPECT_EQ(InfoOf(outcome).outcome, outcome);
  }
}

TEST(OutcomeTest, ExitCodesFollowTheTable) {
  using O = Outcome;
  EXPECT_EQ(RunExitCode(Results({O::kPassed, O::kPassed}), 0), 0);
  EXPECT_EQ(RunExitCode(Results({O::kPassed, O::kFailed}), 0), 1);
  // Could not run: 2 when nothing ran, 1 when something did.
  EXPECT_EQ(RunExitCode(Results({O::kError, O::kError}), 0), 2);
  EXPECT_EQ(RunExitCode(Results({O::kError, O::kPassed}), 0), 1);
  EXPECT_EQ(RunExitCode(Results({O::kError, O::kFailed}), 0), 1);
  // Skipped for a stated reason does not fail the run.
  EXPECT_EQ(RunExitCode(Results({O::kPassed, O::kSkipped}), 0), 0);
  // Interrupted: the signal decides.
  EXPECT_EQ(RunExitCode(Results({O::kPassed, O::kInterrupted}), SIGINT), 130);
  EXPECT_EQ(RunExitCode(Results({O::kFailed, O::kInterrupted}), SIGTERM), 143);
  // --fail-fast interrupts the rest after a failure: the failure decides.
  EXPECT_EQ(RunExitCode(Results({O::kFailed, O::kInterrupted}), 0), 1);
}

}  // namespace
}  // namespace armada::report
