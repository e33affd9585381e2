#include "report/result.h"

#include <gtest/gtest.h>

#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

TEST(JobTimelinesTest, ReadLikeTheJobsTheyWereMadeFrom) {
  const WallTime t0 = testing::SampleStart();
  const JobTimelines jobs =
      std::vector<JobTimeline>{testing::SampleJob("a", t0, {{"submitted", 0}}),
                               testing::SampleJob("b", t0, {{"submitted", 0}, {"succeeded", 5}})};
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[1].job_id, "b");
  EXPECT_EQ(jobs[1].End(), "succeeded");
  std::string ids;
  for (const JobTimeline& job : jobs) ids += job.job_id;
  EXPECT_EQ(ids, "ab");
  const JobTimelines none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.begin(), none.end());
}

// The CLI keeps a copy of every finished test's result for the reports a
// second signal writes: a copy must not double a load test's timelines.
TEST(JobTimelinesTest, ACopiedResultSharesItsJobsTimelines) {
  TestResult result;
  result.jobs = {testing::SampleJob("a", testing::SampleStart(), {{"submitted", 0}})};
  const TestResult copy = result;
  ASSERT_EQ(copy.jobs.size(), 1u);
  EXPECT_EQ(&copy.jobs[0], &result.jobs[0]);
}

}  // namespace
}  // namespace armada::report
