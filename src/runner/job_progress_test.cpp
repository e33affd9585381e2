#include "runner/job_progress.h"

#include <gtest/gtest.h>

#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using namespace ::armada::runner::testing;

void Feed(JobProgress& p, const api::EventMessage& e) {
  p.OnEvent(e, std::chrono::system_clock::now());
}

TEST(JobProgressTest, CountsEachJobOnceAndEndsAtTerminalEvents) {
  const JobTable jobs(std::vector<std::string>{"a", "b"});
  JobProgress progress(jobs);
  Feed(progress, Submitted("a"));
  Feed(progress, Submitted("b"));
  Feed(progress, Running("a"));
  Feed(progress, Running("stranger"));
  JobCounts counts = progress.counts();
  EXPECT_EQ(counts.total, 2u);
  EXPECT_EQ(counts.submitted, 2u);
  EXPECT_EQ(counts.running, 1u);
  EXPECT_EQ(counts.done, 0u);
  Feed(progress, Failed("a", "retry", {}, true));
  EXPECT_EQ(progress.counts().running, 0u);
  EXPECT_FALSE(progress.all_done());
  Feed(progress, Succeeded("a"));
  Feed(progress, Succeeded("a"));
  Feed(progress, Cancelled("b"));
  EXPECT_EQ(progress.counts().done, 2u);
  EXPECT_TRUE(progress.all_done());
}

TEST(JobProgressTest, CountsJobsAsTheirBatchesAreSubmittedOutOfThePlanned) {
  JobTable jobs;
  JobProgress progress(jobs, 4);
  EXPECT_EQ(progress.counts().total, 4u);
  EXPECT_EQ(progress.counts().submitted, 0u);
  jobs.Intern("a");
  jobs.Intern("b");
  progress.OnSubmitted(jobs, 0, 2, std::chrono::system_clock::now());
  EXPECT_EQ(progress.counts().submitted, 2u);
  Feed(progress, Succeeded("a"));
  Feed(progress, Succeeded("b"));
  EXPECT_TRUE(progress.all_done()) << "every job submitted so far ended";
  jobs.Intern("c");
  progress.OnSubmitted(jobs, 2, 3, std::chrono::system_clock::now());
  EXPECT_FALSE(progress.all_done());
  EXPECT_EQ(progress.counts().submitted, 3u);
  EXPECT_EQ(progress.counts().done, 2u);
}

}  // namespace
}  // namespace armada::runner
