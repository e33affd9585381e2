#include "runner/lifecycle_check.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "runner/run_test_case.h"
#include "runner/testing/events.h"
#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using ::testing::HasSubstr;
namespace events = testing;

// Builds an event of kind (a field name of EventMessage's oneof) for job.
api::EventMessage Event(const char* kind, const std::string& job) {
  api::EventMessage e;
  const auto* field = e.GetDescriptor()->FindFieldByName(kind);
  google::protobuf::Message* inner = e.GetReflection()->MutableMessage(&e, field);
  inner->GetReflection()->SetString(inner, inner->GetDescriptor()->FindFieldByName("job_id"), job);
  return e;
}

// Feeds kinds for job "j" and returns the check's failure ("" when none).
std::string Feed(std::initializer_list<const char*> kinds, TestLog* log = nullptr) {
  TestLog own("case");
  LifecycleCheck check(log != nullptr ? *log : own);
  for (const char* kind : kinds) check.OnEvent(Event(kind, "j"), {});
  return check.failure();
}

TEST(LifecycleCheckTest, ArmadasFlowsPass) {
  EXPECT_EQ(Feed({"submitted", "queued", "leased", "pending", "running", "succeeded"}), "");
  EXPECT_EQ(Feed({"submitted", "queued", "cancelled"}), "");
  EXPECT_EQ(Feed({"submitted", "queued", "leased", "pending", "failed"}), "");
  EXPECT_EQ(Feed({"submitted", "queued", "leased", "pending", "running", "preempted", "failed"}),
            "");
  // A returned lease goes back to leased (or queued) and runs again.
  EXPECT_EQ(Feed({"submitted", "queued", "leased", "pending", "lease_returned", "leased", "pending",
                  "running", "succeeded"}),
            "");
  EXPECT_EQ(
      Feed({"submitted", "queued", "leased", "lease_expired", "queued", "leased", "cancelled"}),
      "");
  // Informational events never move a job.
  EXPECT_EQ(Feed({"submitted", "reprioritizing", "queued", "reprioritized", "leased", "pending",
                  "running", "ingress_info", "cancelling", "cancelled"}),
            "");
}

TEST(LifecycleCheckTest, ASkippedStateNamesTheJobAndTheTransition) {
  EXPECT_EQ(Feed({"submitted", "queued", "running"}),
            "job j: running after queued is not a transition of Armada's job lifecycle (running "
            "follows pending)");
}

TEST(LifecycleCheckTest, PreemptedMustBeFollowedByFailed) {
  EXPECT_THAT(
      Feed({"submitted", "queued", "leased", "pending", "running", "preempted", "succeeded"}),
      HasSubstr("succeeded after preempted is not a transition of Armada's job lifecycle "
                "(succeeded follows leased, pending or running)"));
  EXPECT_THAT(
      Feed({"submitted", "queued", "leased", "pending", "running", "preempted", "cancelled"}),
      HasSubstr("cancelled after preempted"));
  EXPECT_THAT(Feed({"submitted", "queued", "preempted"}),
              HasSubstr("preempted after queued is not a transition"));
}

TEST(LifecycleCheckTest, OneTerminalEventPerJob) {
  EXPECT_THAT(Feed({"submitted", "queued", "leased", "pending", "running", "succeeded", "failed"}),
              HasSubstr("job j: failed after succeeded is not a transition of Armada's job "
                        "lifecycle"));
  EXPECT_THAT(Feed({"submitted", "queued", "cancelled", "cancelled"}),
              HasSubstr("cancelled after cancelled"));
}

TEST(LifecycleCheckTest, ARepeatedPreemptedIsAWarningOnly) {
  TestLog log("case");
  EXPECT_EQ(Feed({"submitted", "queued", "leased", "pending", "running", "preempted", "preempted",
                  "failed"},
                 &log),
            "");
  EXPECT_THAT(log.Text(), HasSubstr("job j: a second preempted event (tolerated"));
}

TEST(LifecycleCheckTest, ARetryableFailureIsNotTheEnd) {
  TestLog log("case");
  LifecycleCheck check(log);
  for (const char* kind : {"submitted", "queued", "leased", "pending", "running"}) {
    check.OnEvent(Event(kind, "j"), {});
  }
  check.OnEvent(events::Failed("j", "node went away", {}, /*retryable=*/true), {});
  for (const char* kind : {"leased", "pending", "running", "succeeded"}) {
    check.OnEvent(Event(kind, "j"), {});
  }
  EXPECT_EQ(check.failure(), "");
}

TEST(LifecycleCheckTest, KeepsTheFirstViolationAndJobsApart) {
  TestLog log("case");
  LifecycleCheck check(log);
  check.OnEvent(Event("submitted", "a"), {});
  check.OnEvent(Event("submitted", "b"), {});
  check.OnEvent(Event("queued", "b"), {});
  check.OnEvent(Event("pending", "a"), {});  // a skipped queued and leased
  check.OnEvent(Event("succeeded", "b"), {});
  EXPECT_THAT(check.failure(), HasSubstr("job a: pending after submitted"));
}

// Fed to the runner, a violation fails the test naming the job and the
// transition; without the check the same events pass.
TEST(LifecycleCheckTest, AViolationFailsTheTestWhenChecked) {
  for (const bool check : {true, false}) {
    events::FakeArmada fake;
    const std::string job = "job-0-0";  // the fake's id for the first item
    fake.AppendEvent(events::Submitted(job));
    fake.AppendEvent(events::Queued(job));
    fake.AppendEvent(events::Running(job));  // no leased, no pending
    fake.AppendEvent(events::Succeeded(job));
    api::TestSpec spec;
    spec.set_name("case");
    spec.set_queue("q");
    spec.set_job_set_id("set");
    spec.set_num_batches(1);
    spec.set_batch_size(1);
    spec.add_jobs()->set_namespace_("ns");
    spec.add_expected_events()->mutable_submitted();
    spec.add_expected_events()->mutable_succeeded();
    *spec.mutable_timeout() = google::protobuf::util::TimeUtil::SecondsToDuration(5);
    Connection connection = fake.Connect();
    StopSignal stop;
    TestEnvironment environment;
    environment.check_lifecycle = check;
    const report::TestResult result =
        RunTestCase(spec, "case.yaml", connection, stop, {}, {}, environment);
    if (check) {
      EXPECT_EQ(result.outcome, report::Outcome::kFailed);
      EXPECT_EQ(result.message,
                "lifecycle check: job job-0-0: running after queued is not a transition of "
                "Armada's job lifecycle (running follows pending)");
    } else {
      EXPECT_EQ(result.outcome, report::Outcome::kPassed) << result.message;
    }
  }
}

}  // namespace
}  // namespace armada::runner
