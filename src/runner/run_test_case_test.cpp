#include "runner/run_test_case.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <thread>

#include "http/testing/fake_http_server.h"
#include "runner/testing/events.h"
#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using testing::FakeArmada;
using ::testing::HasSubstr;

// batches x size copies of one job, with a 1s timeout.
api::TestSpec Spec(uint32_t batches, uint32_t size) {
  api::TestSpec spec;
  spec.set_name("case");
  spec.set_queue("q");
  spec.set_job_set_id("set");
  spec.set_num_batches(batches);
  spec.set_batch_size(size);
  spec.add_jobs()->set_namespace_("ns");
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(1);
  return spec;
}

// An expected event of this kind (its snake_case field name).
api::EventMessage ExpectedEvent(const char* kind) {
  api::EventMessage e;
  const auto* field = e.GetDescriptor()->FindFieldByName(kind);
  e.GetReflection()->MutableMessage(&e, field);
  return e;
}

TEST(TestCaseTest, TimeoutCutsTheIntervalBetweenBatches) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(5, 1);
  *spec.mutable_interval() = TimeUtil::SecondsToDuration(60);
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("timed out after 1s while waiting the interval (60000ms) "
                                        "before batch 2/5, 1 batch(es) submitted"));
  EXPECT_EQ(fake.SubmitCalls(), 1);
  EXPECT_THAT(fake.CancelledJobSets(), ElementsAre("set"));
  // Far below one 60s interval, with room for a slow shared machine.
  EXPECT_LT(result.elapsed_seconds, 30);
}

// #30: the watch starts with the first batch. A job of batch 1 that fails
// ends the test at once, not after batch 2's interval; batch 2 is never
// sent, and the job set is cancelled.
TEST(TestCaseTest, AFailureInTheFirstBatchEndsTheTestBeforeTheNextBatch) {
  FakeArmada fake;
  fake.AppendEvent(testing::Submitted("job-0-0"));
  fake.AppendEvent(testing::Failed("job-0-0", "exit code 1"));
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(2, 1);
  *spec.mutable_interval() = TimeUtil::SecondsToDuration(60);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(120);
  for (const char* kind : {"submitted", "succeeded"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_FALSE(result.timed_out);
  EXPECT_THAT(result.message, HasSubstr("job job-0-0 ended with failed"));
  EXPECT_EQ(fake.SubmitCalls(), 1);
  EXPECT_THAT(fake.CancelledJobSets(), ElementsAre("set"));
  ASSERT_EQ(result.jobs.size(), 1u);
  EXPECT_EQ(result.jobs[0].End(), "failed");
  EXPECT_THAT(result.log, HasSubstr("ended after 1 of 2 batch(es) submitted"));
  // Far below the 60s interval, with room for a slow shared machine.
  EXPECT_LT(result.elapsed_seconds, 30);
}

// A timeout while waiting out the interval says so, and both its message
// and the reports count the jobs of the batches submitted so far.
TEST(TestCaseTest, ATimeoutDuringTheIntervalReportsTheJobsSubmittedSoFar) {
  FakeArmada fake;
  fake.AppendEvent(testing::Submitted("job-0-0"));
  fake.AppendEvent(testing::Queued("job-0-0"));
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(2, 1);
  *spec.mutable_interval() = TimeUtil::SecondsToDuration(60);
  for (const char* kind : {"submitted", "running"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_TRUE(result.timed_out);
  EXPECT_THAT(result.message,
              HasSubstr("timed out after 1s while waiting the interval (60000ms) before batch "
                        "2/2, 1 batch(es) submitted: 1 job(s) [job-0-0] received [submitted, "
                        "queued] and are missing [running]"));
  ASSERT_EQ(result.jobs.size(), 1u);
  EXPECT_EQ(result.jobs[0].job_id, "job-0-0");
  EXPECT_EQ(result.jobs[0].events.size(), 2u);
  EXPECT_NE(result.jobs[0].submitted_us, 0);
}

// The status line counts a batch's jobs once the server accepted it, before
// any of their events (a server slow to stream them still shows progress).
TEST(TestCaseTest, ABatchCountsAsSubmittedBeforeAnyOfItsEvents) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(2, 1);
  *spec.mutable_interval() = TimeUtil::SecondsToDuration(60);
  *spec.add_expected_events() = ExpectedEvent("submitted");
  std::vector<JobCounts> seen;
  const report::TestResult result =
      RunTestCase(spec, "case.yaml", connection, stop, {},
                  [&seen](const JobCounts& counts) { seen.push_back(counts); });
  EXPECT_TRUE(result.timed_out);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].total, 2u);
  EXPECT_EQ(seen[0].submitted, 1u);
  EXPECT_EQ(seen[0].running + seen[0].done, 0u);
}

// Batch 2's events may stream before its answer arrives: they are held
// back until then, and count.
TEST(TestCaseTest, EventsOfABatchStreamedBeforeItsAnswerStillCount) {
  FakeArmada fake;
  for (const char* job : {"job-0-0", "job-1-0"}) {
    fake.AppendEvent(testing::Submitted(job));
    fake.AppendEvent(testing::Succeeded(job));
  }
  // Batch 2 is answered only once the watch (started by batch 1) is open,
  // so batch 2's events are streamed while its answer is on its way: they
  // are held back until then, and still count.
  fake.DuringSubmit([&fake] {
    if (fake.SubmitCalls() == 1) fake.WaitForStreams(1, std::chrono::seconds(20));
  });
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(2, 1);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(30);
  for (const char* kind : {"submitted", "succeeded"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  std::vector<JobCounts> seen;
  const report::TestResult result =
      RunTestCase(spec, "case.yaml", connection, stop, {},
                  [&seen](const JobCounts& counts) { seen.push_back(counts); });
  EXPECT_EQ(result.outcome, report::Outcome::kPassed) << result.message;
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front().total, 2u);
  EXPECT_EQ(seen.front().submitted, 1u);
  EXPECT_EQ(seen.front().done, 0u);
  EXPECT_EQ(seen.back().submitted, 2u);
  EXPECT_EQ(seen.back().done, 2u);
  ASSERT_EQ(result.jobs.size(), 2u);
  EXPECT_EQ(result.jobs[1].job_id, "job-1-0");
  EXPECT_EQ(result.jobs[1].End(), "succeeded");
}

TEST(TestCaseTest, ACaseWithoutTimeoutEndsAtTheDefaultNamingWhyItsJobsStayQueued) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(1, 1);
  spec.clear_timeout();
  spec.add_expected_events()->mutable_succeeded();
  TestEnvironment environment;
  environment.default_timeout = std::chrono::seconds(1);
  std::vector<std::string> asked;
  environment.why_queued = [&asked](const std::vector<std::string>& ids) {
    asked = ids;
    return "job " + ids.at(0) + " fits no node: needs 64 CPU, the largest node has 2";
  };
  const report::TestResult result =
      RunTestCase(spec, "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_TRUE(result.timed_out);
  EXPECT_THAT(result.message, HasSubstr("timed out after 1s (the default for a case without "
                                        "`timeout:`; set one, or --timeout)"));
  EXPECT_THAT(result.message, HasSubstr("fits no node: needs 64 CPU, the largest node has 2; "));
  EXPECT_EQ(asked.size(), 1u);
}

TEST(TestCaseTest, TimeoutEndsASubmitCallInFlight) {
  FakeArmada fake;
  fake.DuringSubmit([] { std::this_thread::sleep_for(std::chrono::seconds(6)); });
  Connection connection = fake.Connect();
  StopSignal stop;
  const report::TestResult result = RunTestCase(Spec(1, 1), "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("timed out after 1s while submitting batch 1/1"));
  EXPECT_THAT(fake.CancelledJobSets(), ElementsAre("set"));
  // Before the server answers (6s), with room for a slow shared machine.
  EXPECT_LT(result.elapsed_seconds, 5);
}

TEST(TestCaseTest, TimeoutCutsQueueSetupAndTheQueuesAreDeleted) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(1, 1);
  auto* setup = spec.mutable_queue_config()->mutable_setup();
  setup->set_num_batches(3);
  setup->set_batch_size(1);
  *setup->mutable_interval() = TimeUtil::SecondsToDuration(60);
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("timed out after 1s while creating queue batch 2/3"));
  EXPECT_EQ(fake.SubmitCalls(), 0);
  EXPECT_TRUE(fake.Queues().empty());
  EXPECT_LT(result.elapsed_seconds, 30);
}

api::EventMessage Leased(const std::string& job) {
  api::EventMessage e;
  e.mutable_leased()->set_job_id(job);
  return e;
}

// Armada's node/node_cancel_by_name case in short: cancelOnNode with a
// nodePoolTag, triggered on leased, before any running event.
api::TestSpec LeasedNodeCancel() {
  api::TestSpec spec = Spec(1, 1);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(10);
  spec.set_trigger_event("leased");
  spec.mutable_cancel_on_node()->set_node_pool_tag("node-ops");
  spec.mutable_cancel_on_node()->mutable_request()->set_executor("local-cluster");
  for (const char* kind : {"submitted", "leased", "cancelled"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  return spec;
}

TEST(TestCaseTest, LeasedTriggeredNodeCancelNamesTheLabelledNode) {
  FakeArmada fake;
  const std::string job = "job-0-0";  // the fake's id for the first item
  fake.AppendEvent(testing::Submitted(job));
  fake.AppendEvent(testing::Queued(job));
  fake.AppendEvent(Leased(job));
  fake.DuringNodeCancel([&fake, job] { fake.AppendEvent(testing::Cancelled(job)); });
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  std::vector<std::string> asked;
  environment.find_node = [&asked](const std::string& tag) -> StatusOr<std::string> {
    asked.push_back(tag);
    return std::string("armada-worker");
  };
  const report::TestResult result =
      RunTestCase(LeasedNodeCancel(), "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(result.outcome, report::Outcome::kPassed) << result.message;
  EXPECT_THAT(asked, ElementsAre("node-ops"));
  const auto cancels = fake.NodeCancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].name(), "armada-worker");
  EXPECT_EQ(cancels[0].executor(), "local-cluster");
}

TEST(TestCaseTest, NodeActionWithoutANodeFailsRatherThanWaitForRunning) {
  FakeArmada fake;
  fake.AppendEvent(testing::Submitted("job-0-0"));
  fake.AppendEvent(Leased("job-0-0"));
  Connection connection = fake.Connect();
  StopSignal stop;
  const report::TestResult result =
      RunTestCase(LeasedNodeCancel(), "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("no running event named one before its trigger"));
  EXPECT_TRUE(fake.NodeCancels().empty());
}

TEST(TestCaseTest, NodeLookupFailureFailsTheTest) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  environment.find_node = [](const std::string&) -> StatusOr<std::string> {
    return Status::Error("no node found with label armadaproject.io/node-pool=node-ops");
  };
  const report::TestResult result =
      RunTestCase(LeasedNodeCancel(), "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.message,
            "finding the node of nodePoolTag node-ops: no node found with label "
            "armadaproject.io/node-pool=node-ops");
}

// An exception after submission (here from the host's node lookup) ends
// the test on its way to the suite's thread boundary; the test still
// cancels its job set and deletes the queues it created.
TEST(TestCaseTest, AnExceptionStillCancelsTheJobSetAndDeletesTheQueues) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  environment.find_node = [](const std::string&) -> StatusOr<std::string> {
    throw std::bad_alloc();
  };
  api::TestSpec spec = LeasedNodeCancel();
  auto* setup = spec.mutable_queue_config()->mutable_setup();
  setup->set_num_batches(1);
  setup->set_batch_size(1);
  EXPECT_THROW(RunTestCase(spec, "case.yaml", connection, stop, {}, {}, environment),
               std::bad_alloc);
  EXPECT_EQ(fake.SubmitCalls(), 1);
  EXPECT_THAT(fake.CancelledJobSets(), ElementsAre("set"));
  EXPECT_TRUE(fake.Queues().empty());
}

// A fake whose job set log holds a job's submitted, ingressInfo and
// succeeded events.
void AppendIngressJob(FakeArmada& fake) {
  const std::string job = "job-0-0";
  fake.AppendEvent(testing::Submitted(job));
  api::EventMessage info;
  info.mutable_ingress_info()->set_job_id(job);
  (*info.mutable_ingress_info()->mutable_ingress_addresses())[4000] = "job-0-0.ingress.local";
  fake.AppendEvent(info);
  fake.AppendEvent(testing::Succeeded(job));
}

api::TestSpec IngressSpec(int timeout_seconds) {
  api::TestSpec spec = Spec(1, 1);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(timeout_seconds);
  for (const char* kind : {"submitted", "ingress_info", "succeeded"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  return spec;
}

TEST(TestCaseTest, IngressInfoIsAnsweredBeforeTheTestPasses) {
  http::testing::FakeHttpServer ingress_controller([](const http::testing::ReceivedRequest&) {
    return http::testing::Reply{200, "Hello world!"};
  });
  FakeArmada fake;
  AppendIngressJob(fake);
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  environment.ingress.url = "http://127.0.0.1";
  environment.ingress.port = std::to_string(ingress_controller.port());
  const report::TestResult result =
      RunTestCase(IngressSpec(10), "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(result.outcome, report::Outcome::kPassed) << result.message;
  const auto got = ingress_controller.Requests();
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].headers.at("host"), "job-0-0.ingress.local");
}

TEST(TestCaseTest, IngressThatNeverAnswersFailsAtTheTimeoutNamingIt) {
  http::testing::FakeHttpServer broken([](const http::testing::ReceivedRequest&) {
    return http::testing::Reply{503, "no endpoints"};
  });
  FakeArmada fake;
  AppendIngressJob(fake);
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  environment.ingress.url = "http://127.0.0.1";
  environment.ingress.port = std::to_string(broken.port());
  const report::TestResult failed =
      RunTestCase(IngressSpec(2), "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(failed.outcome, report::Outcome::kFailed);
  EXPECT_TRUE(failed.timed_out);
  EXPECT_THAT(failed.message,
              HasSubstr("ingress job-0-0.ingress.local not answered (GET http://127.0.0.1:"));
}

TEST(TestCaseTest, ARepeatedPreemptedEventIsPassedOverWithAWarning) {
  FakeArmada fake;
  const std::string job = "job-0-0";
  api::EventMessage preempted;
  preempted.mutable_preempted()->set_job_id(job);
  fake.AppendEvent(testing::Submitted(job));
  fake.AppendEvent(preempted);
  fake.AppendEvent(preempted);
  fake.AppendEvent(testing::Cancelled(job));
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(1, 1);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(10);
  for (const char* kind : {"submitted", "preempted", "cancelled"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kPassed) << result.message;
  EXPECT_THAT(result.log, HasSubstr("passed over a repeated preempted of job job-0-0 (message 3)"));
  ASSERT_EQ(result.jobs.size(), 1u);
  EXPECT_EQ(result.jobs[0].events.size(), 3u);  // as a clean run: the repeat left out
}

// A job of the same job set that this test did not submit joins the
// run's job table once submission ended (its timeline is reported), but
// an action names only the test's own jobs.
TEST(TestCaseTest, AnActionNamesTheTestsJobsAndNotAStrangersOfItsJobSet) {
  FakeArmada fake;
  fake.SetPerJobErrors({{"job-0-0", "mine"}, {"stranger", "not mine"}});
  fake.AppendEvent(testing::Submitted("job-0-0"));
  fake.AppendEvent(testing::Running("stranger", "node-1"));
  fake.AppendEvent(testing::Running("job-0-0", "node-1"));
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(1, 1);
  spec.mutable_preempt();
  for (const char* kind : {"submitted", "running", "preempted"}) {
    *spec.add_expected_events() = ExpectedEvent(kind);
  }
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_TRUE(result.timed_out);  // the fake sends no preempted event
  EXPECT_THAT(result.log, HasSubstr("preempting job job-0-0: mine"));
  EXPECT_THAT(result.log, ::testing::Not(HasSubstr("not mine")));
  ASSERT_EQ(result.jobs.size(), 2u);
  EXPECT_EQ(result.jobs[1].job_id, "stranger");
}

TEST(TestCaseTest, AFailureNamesTheServersDeathWhenTheHostKnowsIt) {
  FakeArmada fake;
  fake.AppendEvent(testing::Submitted("job-0-0"));
  fake.BreakStreamsAfter({1, 0});
  Connection connection = fake.Connect();
  StopSignal stop;
  TestEnvironment environment;
  environment.server_death = [] { return std::string("armada-localstack was killed by signal 9"); };
  api::TestSpec spec = Spec(1, 1);
  *spec.mutable_timeout() = TimeUtil::SecondsToDuration(20);
  *spec.add_expected_events() = ExpectedEvent("succeeded");
  const report::TestResult result =
      RunTestCase(spec, "case.yaml", connection, stop, {}, {}, environment);
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("armada-localstack was killed by signal 9"));
  EXPECT_THAT(result.message, HasSubstr("event stream for job set set broke"));
  EXPECT_LT(result.elapsed_seconds, 10);
}

}  // namespace
}  // namespace armada::runner
