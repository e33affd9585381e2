#include "cli/repeat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace armada::cli {
namespace {

using ::testing::HasSubstr;

std::vector<runner::SuiteCase> TwoCases() {
  std::vector<runner::SuiteCase> cases(2);
  cases[0].spec.set_name("oom");
  cases[0].spec.set_job_set_id("oom-abc");
  cases[1].spec.set_name("user_error");
  cases[1].spec.set_job_set_id("user_error-def");
  return cases;
}

TEST(RepeatTest, OneRunKeepsArmadasNames) {
  const auto runs = RepeatCases(TwoCases(), 1);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].spec.name(), "oom");
  EXPECT_EQ(runs[0].spec.job_set_id(), "oom-abc");
}

TEST(RepeatTest, EachRunHasItsOwnNameAndJobSet) {
  const auto runs = RepeatCases(TwoCases(), 3);
  ASSERT_EQ(runs.size(), 6u);
  EXPECT_EQ(runs[0].spec.name(), "oom (run 1/3)");
  EXPECT_EQ(runs[1].spec.name(), "user_error (run 1/3)");
  EXPECT_EQ(runs[4].spec.name(), "oom (run 3/3)");
  std::set<std::string> job_sets;
  for (const auto& run : runs) job_sets.insert(run.spec.job_set_id());
  EXPECT_EQ(job_sets.size(), 6u);
}

report::TestResult Result(const runner::SuiteCase& run, report::Outcome outcome,
                          const std::string& job, const std::string& message) {
  report::TestResult r;
  r.name = run.spec.name();
  r.job_set_id = run.spec.job_set_id();
  r.outcome = outcome;
  r.message = message;
  report::JobTimeline timeline;
  timeline.job_id = job;
  r.jobs = {timeline};
  return r;
}

TEST(RepeatTest, TallyCountsPassesAndDistinctMessages) {
  const auto cases = TwoCases();
  const auto runs = RepeatCases(cases, 3);
  std::vector<report::TestResult> results = {
      Result(runs[0], report::Outcome::kPassed, "j1", ""),
      Result(runs[1], report::Outcome::kFailed, "j2", "job j2 ended with failed"),
      Result(runs[2], report::Outcome::kPassed, "j3", ""),
      Result(runs[3], report::Outcome::kFailed, "j4", "job j4 ended with failed"),
      Result(runs[4], report::Outcome::kPassed, "j5", ""),
      Result(runs[5], report::Outcome::kFailed, "j6",
             "timed out after 1s in job set " + runs[5].spec.job_set_id()),
  };
  std::ostringstream out;
  PrintRepeatTally(out, cases, 3, results);
  EXPECT_THAT(out.str(), HasSubstr("  oom: 3/3\n"));
  EXPECT_THAT(out.str(), HasSubstr("  user_error: 0/3\n"
                                   "    2x failed: job <job> ended with failed\n"
                                   "    1x failed: timed out after 1s in job set <job set>\n"));
}

}  // namespace
}  // namespace armada::cli
