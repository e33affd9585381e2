#include "localstack/control/job_history.h"

#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

const JobRef kJob{"01job", "s", "q"};
const PodRef kPod{"cluster", "pool", "node-1", "armada-01job-0", "default", "run-1"};

api::Job Spec() {
  api::Job spec;
  spec.set_namespace_("default");
  return spec;
}

TEST(JobHistory, FollowsAJobThroughItsRunAsLookoutDoes) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()), {});
  EXPECT_EQ(history.state(), api::QUEUED);
  EXPECT_FALSE(history.has_run());
  history.Record(QueuedEvent(kJob), {});
  EXPECT_EQ(history.state(), api::QUEUED);
  history.Record(LeasedEvent(kJob, kPod), kPod);
  EXPECT_EQ(history.state(), api::LEASED);
  ASSERT_TRUE(history.has_run());
  EXPECT_EQ(history.run().run_id(), "run-1");
  EXPECT_EQ(history.run().node(), "node-1");
  EXPECT_EQ(history.run().cluster(), "cluster");
  history.Record(PendingEvent(kJob, kPod), kPod);
  history.Record(RunningEvent(kJob, kPod), kPod);
  EXPECT_EQ(history.run().state(), api::RUN_STATE_RUNNING);
  const api::EventMessage succeeded = SucceededEvent(kJob, kPod);
  history.Record(succeeded, kPod);
  EXPECT_EQ(history.state(), api::SUCCEEDED);
  EXPECT_EQ(history.run().state(), api::RUN_STATE_SUCCEEDED);
  EXPECT_TRUE(history.run().has_started_ts());
  EXPECT_EQ(history.run().finished_ts().seconds(), succeeded.succeeded().created().seconds());
  EXPECT_EQ(history.error(), "");

  const api::JobDetails details = history.Details(true);
  EXPECT_EQ(details.job_id(), "01job");
  EXPECT_EQ(details.jobset(), "s");
  EXPECT_EQ(details.latest_run_id(), "run-1");
  EXPECT_EQ(details.job_runs_size(), 1);
  EXPECT_EQ(history.Details(false).job_runs_size(), 0);
}

TEST(JobHistory, APreemptedJobStaysPreemptedWithThePreemptionAsItsError) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()), {});
  history.Record(LeasedEvent(kJob, kPod), kPod);
  history.Record(PreemptedEvent(kJob, kPod, "anonymous", "make room"), kPod);
  history.Record(FailedEvent(kJob, kPod, "Job was preempted: make room"), kPod);
  EXPECT_EQ(history.state(), api::PREEMPTED);
  EXPECT_EQ(history.run().state(), api::RUN_STATE_PREEMPTED);
  EXPECT_EQ(history.error(), "make room");
}

TEST(JobHistory, ACancelledJobKeepsWhoCancelledItAndWhy) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()), {});
  history.Record(CancelledEvent(kJob, "alice", "not needed"), {});
  EXPECT_EQ(history.state(), api::CANCELLED);
  const api::JobDetails details = history.Details(true);
  EXPECT_EQ(details.cancel_user(), "alice");
  EXPECT_EQ(details.cancel_reason(), "not needed");
  EXPECT_TRUE(details.has_cancel_ts());
  EXPECT_FALSE(history.has_run());
}

TEST(JobHistory, AFailedRunsReasonIsTheJobsError) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()), {});
  history.Record(LeasedEvent(kJob, kPod), kPod);
  history.Record(FailedEvent(kJob, kPod, "image not found"), kPod);
  EXPECT_EQ(history.state(), api::FAILED);
  EXPECT_EQ(history.run().state(), api::RUN_STATE_FAILED);
  EXPECT_EQ(history.error(), "image not found");
}

}  // namespace
}  // namespace armada::localstack
