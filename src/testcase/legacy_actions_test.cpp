// Test cases of each Armada generation's action style load as the runner
// runs them (legacy_actions.h). The cases are written here in each
// generation's style; none is a copy of Armada's files.
#include "testcase/legacy_actions.h"

#include <gtest/gtest.h>

#include "testcase/loader.h"

namespace armada::testcase {
namespace {

constexpr char kJobs[] = R"(numBatches: 1
batchSize: 3
queue: q
jobs:
  - namespace: default
    podSpec:
      containers:
        - name: sleeper
          image: alpine:3.20.0
          args: ["sleep", "60s"]
---
)";

api::TestSpec Load(const std::string& tail) {
  auto spec = ParseTestCase(std::string(kJobs) + tail, "legacy.yaml");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return spec.ok() ? *spec : api::TestSpec();
}

std::string Refusal(const std::string& tail) {
  auto spec = ParseTestCase(std::string(kJobs) + tail, "legacy.yaml");
  EXPECT_FALSE(spec.ok()) << tail;
  return spec.ok() ? "" : spec.status().message();
}

TEST(LegacyActionsTest, SeedsCancelByIdCancelsByIdRightAfterSubmission) {
  const api::TestSpec spec = Load(
      "action: ACTION_CANCEL\nselection: SELECTION_BY_ID\ntimeout: 60s\n"
      "expectedEvents:\n  - submitted:\n  - cancelled:\n");
  EXPECT_TRUE(spec.has_cancel());
  EXPECT_FALSE(spec.has_cancel_job_set());
  EXPECT_EQ(spec.trigger_event(), "submitted");
  EXPECT_EQ(spec.action(), api::TestSpec::ACTION_NONE);
  EXPECT_EQ(spec.selection(), api::TestSpec::SELECTION_NO);
}

TEST(LegacyActionsTest, SeedsCancelByIdsIsACancelOfEveryJob) {
  const api::TestSpec spec =
      Load("action: ACTION_CANCEL\nselection: SELECTION_BY_IDS\nexpectedEvents:\n  - cancelled:\n");
  EXPECT_TRUE(spec.has_cancel());
}

TEST(LegacyActionsTest, SeedsCancelBySetCancelsTheJobSet) {
  const api::TestSpec spec =
      Load("action: ACTION_CANCEL\nselection: SELECTION_BY_SET\nexpectedEvents:\n  - cancelled:\n");
  EXPECT_TRUE(spec.has_cancel_job_set());
  EXPECT_FALSE(spec.has_cancel());
}

TEST(LegacyActionsTest, SeedsPreemptKeepsItsReasonAndWaitsForRunning) {
  const api::TestSpec spec = Load(
      "action: ACTION_PREEMPT\nselection: SELECTION_BY_IDS\npreemptReason: make room\n"
      "expectedEvents:\n  - submitted:\n  - preempted:\n");
  ASSERT_TRUE(spec.has_preempt());
  EXPECT_EQ(spec.preempt().request().reason(), "make room");
  EXPECT_FALSE(spec.preempt().by_job_set());
  EXPECT_TRUE(spec.trigger_event().empty());  // the grouped default, running
  EXPECT_TRUE(spec.preempt_reason().empty());
}

TEST(LegacyActionsTest, SeedsKeysInSnakeCaseAndAsNumbersToo) {
  const api::TestSpec spec =
      Load("action: 2\nselection: 2\npreempt_reason: r\nexpectedEvents:\n  - preempted:\n");
  ASSERT_TRUE(spec.has_preempt());
  EXPECT_TRUE(spec.preempt().by_job_set());
  EXPECT_EQ(spec.preempt().request().reason(), "r");
}

TEST(LegacyActionsTest, AnExplicitTriggerEventIsKept) {
  const api::TestSpec spec = Load(
      "action: ACTION_CANCEL\nselection: SELECTION_BY_ID\ntriggerEvent: running\n"
      "expectedEvents:\n  - cancelled:\n");
  EXPECT_EQ(spec.trigger_event(), "running");
}

TEST(LegacyActionsTest, AsWrittenKeepsTheSeedsKeys) {
  auto spec = ParseTestCaseAsWritten(
      std::string(kJobs) + "action: ACTION_CANCEL\nselection: SELECTION_BY_ID\n", "legacy.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->action(), api::TestSpec::ACTION_CANCEL);
  EXPECT_FALSE(spec->has_cancel());
}

TEST(LegacyActionsTest, TodaysGroupedFormIsUnchanged) {
  const api::TestSpec spec =
      Load("triggerEvent: queued\ncancel:\n  request:\nexpectedEvents:\n  - cancelled:\n");
  EXPECT_TRUE(spec.has_cancel());
  EXPECT_EQ(spec.trigger_event(), "queued");
}

TEST(LegacyActionsTest, OldestCancelFormIsRefusedWithTheNewerKeys) {
  const std::string message = Refusal("cancel: BY_ID\nexpectedEvents:\n  - cancelled:\n");
  EXPECT_NE(message.find("legacy.yaml:12:9: cancel: `cancel: BY_ID` is the form"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("action: ACTION_CANCEL with selection: SELECTION_BY_ID"),
            std::string::npos);
  EXPECT_NE(message.find("today's `cancel:`"), std::string::npos);
  // One error, not a second "expected a mapping" about the same key.
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(Refusal("cancel: BY_SET\n").find("`cancelJobSet:`"), std::string::npos);
}

TEST(LegacyActionsTest, InconsistentSeedsKeysAreErrorsAtTheirKeys) {
  EXPECT_NE(Refusal("action: ACTION_CANCEL\n")
                .find("legacy.yaml:12:1: action: ACTION_CANCEL needs a selection"),
            std::string::npos);
  EXPECT_NE(Refusal("selection: SELECTION_BY_ID\n")
                .find("legacy.yaml:12:1: selection: selection without an action"),
            std::string::npos);
  EXPECT_NE(Refusal("action: ACTION_CANCEL\nselection: SELECTION_BY_ID\npreemptReason: x\n")
                .find("legacy.yaml:14:1: preemptReason: preemptReason is only read with"),
            std::string::npos);
  EXPECT_NE(Refusal("action: ACTION_PREEMPT\nselection: SELECTION_BY_ID\npreempt:\n  request:\n")
                .find("are both given; keep one"),
            std::string::npos);
  EXPECT_NE(Refusal("action: ACTION_KILL\nselection: SELECTION_BY_ID\n")
                .find("\"ACTION_KILL\" is not a value of ActionType"),
            std::string::npos);
}

}  // namespace
}  // namespace armada::testcase
