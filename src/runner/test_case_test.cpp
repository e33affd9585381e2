#include "runner/test_case.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <thread>

#include "runner/fake_armada.h"

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

TEST(TestCaseTest, TimeoutCutsTheIntervalBetweenBatches) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  api::TestSpec spec = Spec(5, 1);
  *spec.mutable_interval() = TimeUtil::SecondsToDuration(60);
  const report::TestResult result = RunTestCase(spec, "case.yaml", connection, stop, {}, {});
  EXPECT_EQ(result.outcome, report::Outcome::kFailed);
  EXPECT_THAT(result.message, HasSubstr("timed out after 1s while submitting batch 2/5"));
  EXPECT_EQ(fake.SubmitCalls(), 1);
  EXPECT_THAT(fake.CancelledJobSets(), ElementsAre("set"));
  // Far below one 60s interval, with room for a slow shared machine.
  EXPECT_LT(result.elapsed_seconds, 30);
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

}  // namespace
}  // namespace armada::runner
