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
  history.Record(SubmittedEvent(kJob, Spec()));
  EXPECT_EQ(history.state(), api::QUEUED);
  EXPECT_FALSE(history.has_run());
  history.Record(QueuedEvent(kJob));
  EXPECT_EQ(history.state(), api::QUEUED);
  history.Record(LeasedEvent(kJob, kPod));
  EXPECT_EQ(history.state(), api::LEASED);
  ASSERT_TRUE(history.has_run());
  EXPECT_EQ(history.Run(kJob, kPod).run_id(), "run-1");
  EXPECT_EQ(history.Run(kJob, kPod).node(), "node-1");
  EXPECT_EQ(history.Run(kJob, kPod).cluster(), "cluster");
  history.Record(PendingEvent(kJob, kPod));
  history.Record(RunningEvent(kJob, kPod));
  EXPECT_EQ(history.Run(kJob, kPod).state(), api::RUN_STATE_RUNNING);
  const api::EventMessage succeeded = SucceededEvent(kJob, kPod);
  history.Record(succeeded);
  EXPECT_EQ(history.state(), api::SUCCEEDED);
  EXPECT_EQ(history.Run(kJob, kPod).state(), api::RUN_STATE_SUCCEEDED);
  EXPECT_TRUE(history.Run(kJob, kPod).has_started_ts());
  EXPECT_EQ(history.Run(kJob, kPod).finished_ts().seconds(),
            succeeded.succeeded().created().seconds());
  EXPECT_EQ(history.error(), "");

  const api::JobDetails details = history.Details(kJob, kPod, true);
  EXPECT_EQ(details.job_id(), "01job");
  EXPECT_EQ(details.jobset(), "s");
  EXPECT_EQ(details.latest_run_id(), "run-1");
  EXPECT_EQ(details.job_runs_size(), 1);
  EXPECT_EQ(history.Details(kJob, kPod, false).job_runs_size(), 0);
}

TEST(JobHistory, KeepsTimesToTheNanosecondAndLeavesWhatDidNotHappenAbsent) {
  JobHistory history;
  api::EventMessage submitted = SubmittedEvent(kJob, Spec());
  submitted.mutable_submitted()->mutable_created()->set_seconds(1796604689);
  submitted.mutable_submitted()->mutable_created()->set_nanos(130027751);
  history.Record(submitted);
  history.Record(QueuedEvent(kJob));
  const api::JobDetails queued = history.Details(kJob, kPod, true);
  EXPECT_EQ(queued.submitted_ts().seconds(), 1796604689);
  EXPECT_EQ(queued.submitted_ts().nanos(), 130027751);
  EXPECT_EQ(queued.last_transition_ts().nanos(), 130027751);
  EXPECT_EQ(queued.state(), api::QUEUED);
  EXPECT_EQ(queued.namespace_(), "default");
  EXPECT_FALSE(queued.has_cancel_ts());
  EXPECT_EQ(queued.latest_run_id(), "");
  EXPECT_EQ(queued.job_runs_size(), 0);

  history.Record(LeasedEvent(kJob, kPod));
  const api::JobRunDetails leased = history.Run(kJob, kPod);
  EXPECT_TRUE(leased.has_leased_ts());
  EXPECT_FALSE(leased.has_pending_ts());
  EXPECT_FALSE(leased.has_started_ts());
  EXPECT_FALSE(leased.has_finished_ts());
}

TEST(JobHistory, APreemptedJobStaysPreemptedWithThePreemptionAsItsError) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()));
  history.Record(LeasedEvent(kJob, kPod));
  history.Record(PreemptedEvent(kJob, kPod, "make room"));
  history.Record(FailedEvent(kJob, kPod, "Job was preempted: make room"));
  EXPECT_EQ(history.state(), api::PREEMPTED);
  EXPECT_EQ(history.Run(kJob, kPod).state(), api::RUN_STATE_PREEMPTED);
  EXPECT_EQ(history.error(), "make room");
}

TEST(JobHistory, TheSpecsPriorityIsTheSubmittedOneUntilReprioritized) {
  JobHistory history;
  api::Job spec = Spec();
  spec.set_priority(2);
  history.Record(SubmittedEvent(kJob, spec));
  EXPECT_EQ(history.priority(), 2);
  history.Record(ReprioritizedEvent(kJob, 5));
  EXPECT_EQ(history.priority(), 5);
}

TEST(JobHistory, ACancelledJobKeepsWhoCancelledIt) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()));
  // A whole job set's cancel: the events name nobody, the Cluster says who.
  history.Record(CancellingEvent(kJob, ""));
  history.CancelRequestedBy("alice");
  EXPECT_EQ(history.Details(kJob, kPod, true).cancel_user(), "") << "not cancelled yet";
  history.Record(CancelledEvent(kJob));
  EXPECT_EQ(history.state(), api::CANCELLED);
  const api::JobDetails details = history.Details(kJob, kPod, true);
  EXPECT_EQ(details.cancel_user(), "alice");
  EXPECT_EQ(details.cancel_reason(), "") << "Armada's Lookout gets no reason (job_history.h)";
  EXPECT_TRUE(details.has_cancel_ts());
  EXPECT_FALSE(history.has_run());
}

TEST(JobHistory, ACancelByIdReplayedFromTheLogKeepsItsRequestor) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()));
  history.Record(CancellingEvent(kJob, "carol"));
  history.Record(CancelledEvent(kJob));
  EXPECT_EQ(history.Details(kJob, kPod, false).cancel_user(), "carol");
}

TEST(JobHistory, AFailedRunsReasonIsTheJobsError) {
  JobHistory history;
  history.Record(SubmittedEvent(kJob, Spec()));
  history.Record(LeasedEvent(kJob, kPod));
  history.Record(FailedEvent(kJob, kPod, "image not found"));
  EXPECT_EQ(history.state(), api::FAILED);
  EXPECT_EQ(history.Run(kJob, kPod).state(), api::RUN_STATE_FAILED);
  EXPECT_EQ(history.error(), "image not found");
}

}  // namespace
}  // namespace armada::localstack
