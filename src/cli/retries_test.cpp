#include "cli/retries.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace armada::cli {
namespace {

using report::Outcome;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<runner::SuiteCase> Cases(std::initializer_list<const char*> names) {
  std::vector<runner::SuiteCase> cases;
  for (const char* name : names) {
    runner::SuiteCase test;
    test.spec.set_name(name);
    test.spec.set_job_set_id(std::string(name) + "-x");
    cases.push_back(test);
  }
  return cases;
}

// A stand-in suite: each test's outcomes in the order of its attempts; it
// records the job sets each attempt ran in.
struct Script {
  std::map<std::string, std::vector<Outcome>> outcomes;
  std::vector<std::vector<std::string>> job_sets;  // per call
  StopSignal* stop_after_first = nullptr;

  RunAttempt Runner() {
    return [this](const std::vector<runner::SuiteCase>& cases, const std::vector<size_t>&) {
      std::vector<report::TestResult> results;
      job_sets.emplace_back();
      for (const auto& test : cases) {
        auto& left = outcomes[test.spec.name()];
        report::TestResult r;
        r.name = test.spec.name();
        r.job_set_id = test.spec.job_set_id();
        r.outcome = left.front();
        r.message = r.outcome == Outcome::kPassed ? "" : "boom in " + r.job_set_id;
        r.elapsed_seconds = 1;
        r.started_at = report::FromMicros(int64_t{1000000} * (10 * job_sets.size()));
        left.erase(left.begin());
        results.push_back(r);
        job_sets.back().push_back(r.job_set_id);
      }
      if (stop_after_first != nullptr) stop_after_first->Stop("interrupted by SIGINT");
      return results;
    };
  }
};

TEST(RetriesTest, FailedOnceThenPassedIsFlakyAndEachRetryIsAFreshJobSet) {
  Script script;
  script.outcomes = {{"flaky", {Outcome::kFailed, Outcome::kPassed}},
                     {"solid", {Outcome::kPassed}},
                     {"broken", {Outcome::kFailed, Outcome::kError, Outcome::kFailed}}};
  StopSignal stop;
  const auto results =
      RunWithRetries(Cases({"flaky", "solid", "broken"}), 2, stop, script.Runner());
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, Outcome::kFlaky);
  EXPECT_THAT(
      results[0].message,
      HasSubstr("passed on attempt 2 after 1 that did not; attempt 1: failed: boom in flaky-x"));
  ASSERT_EQ(results[0].failed_attempts.size(), 1u);
  EXPECT_EQ(results[0].failed_attempts[0].job_set_id, "flaky-x");
  EXPECT_EQ(results[0].job_set_id, "flaky-x-a2");
  // From the first attempt's start (10 s) to the second's end (20 s + 1 s).
  EXPECT_EQ(results[0].started_at, report::FromMicros(10000000));
  EXPECT_DOUBLE_EQ(results[0].elapsed_seconds, 11);
  EXPECT_EQ(results[1].outcome, Outcome::kPassed);
  EXPECT_TRUE(results[1].failed_attempts.empty());
  EXPECT_EQ(results[2].outcome, Outcome::kFailed);
  ASSERT_EQ(results[2].failed_attempts.size(), 2u);
  EXPECT_EQ(results[2].failed_attempts[1].outcome, Outcome::kError);
  EXPECT_EQ(results[2].job_set_id, "broken-x-a3");
  // Only what did not pass runs again.
  EXPECT_THAT(script.job_sets,
              ElementsAre(ElementsAre("flaky-x", "solid-x", "broken-x"),
                          ElementsAre("flaky-x-a2", "broken-x-a2"), ElementsAre("broken-x-a3")));
}

TEST(RetriesTest, WithoutRetriesOrAfterStopNothingRunsAgain) {
  Script script;
  script.outcomes = {{"a", {Outcome::kFailed}}};
  StopSignal stop;
  auto results = RunWithRetries(Cases({"a"}), 0, stop, script.Runner());
  EXPECT_EQ(results[0].outcome, Outcome::kFailed);
  EXPECT_TRUE(results[0].failed_attempts.empty());
  EXPECT_EQ(script.job_sets.size(), 1u);

  Script stopped;
  stopped.outcomes = {{"a", {Outcome::kFailed, Outcome::kPassed}}};
  StopSignal signal;
  stopped.stop_after_first = &signal;
  results = RunWithRetries(Cases({"a"}), 3, signal, stopped.Runner());
  EXPECT_EQ(results[0].outcome, Outcome::kFailed);
  EXPECT_EQ(stopped.job_sets.size(), 1u);
}

TEST(RetriesTest, SkippedAndInterruptedAreNotRetried) {
  Script script;
  script.outcomes = {{"s", {Outcome::kSkipped}}, {"i", {Outcome::kInterrupted}}};
  StopSignal stop;
  RunWithRetries(Cases({"s", "i"}), 2, stop, script.Runner());
  EXPECT_EQ(script.job_sets.size(), 1u);
}

}  // namespace
}  // namespace armada::cli
