#include "runner/queue_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using testing::FakeArmada;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A case whose queueConfig creates one batch of `queues` queues.
api::TestSpec OwnQueues(uint32_t queues) {
  api::TestSpec spec;
  spec.set_queue("own");
  auto* setup = spec.mutable_queue_config()->mutable_setup();
  setup->set_num_batches(1);
  setup->set_batch_size(queues);
  return spec;
}

TEST(QueueLifecycleTest, PartlyCreatedBatchIsStillTornDown) {
  FakeArmada fake;
  fake.FailLastQueueOfBatches();
  Connection connection = fake.Connect();
  TestLog log("queues");
  const api::TestSpec spec = OwnQueues(3);
  QueueLifecycle queues(spec, connection, log);
  const auto setup = queues.SetUp(StopSignal());
  ASSERT_FALSE(setup.ok());
  EXPECT_THAT(setup.status().message(), HasSubstr("refused"));
  ASSERT_THAT(fake.Queues(), SizeIs(2));
  EXPECT_TRUE(queues.TearDown().ok());
  EXPECT_THAT(fake.Queues(), IsEmpty());
}

TEST(QueueLifecycleTest, OneFailedDeleteDoesNotKeepTheOthers) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  TestLog log("queues");
  const api::TestSpec spec = OwnQueues(3);
  QueueLifecycle queues(spec, connection, log);
  ASSERT_TRUE(queues.SetUp(StopSignal()).ok());
  ASSERT_THAT(fake.Queues(), SizeIs(3));
  fake.FailDeletes(1);
  const Status teardown = queues.TearDown();
  ASSERT_FALSE(teardown.ok());
  EXPECT_THAT(teardown.message(), HasSubstr("cannot delete"));
  EXPECT_THAT(fake.Queues(), SizeIs(1));
}

TEST(QueueLifecycleTest, ActiveInPoolAsksGetActiveQueuesForTheJobsQueue) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  TestLog log("queues");
  api::TestSpec spec;
  spec.set_queue("e2e-test-queue-active");
  spec.mutable_queue_config()->add_assertions()->set_active_in_pool("default");
  QueueLifecycle queues(spec, connection, log);
  const auto jobs_queue = queues.SetUp(StopSignal());  // "e2e-test-queue-active-<random>"
  ASSERT_TRUE(jobs_queue.ok()) << jobs_queue.status().message();

  fake.SetActiveQueues({{"default", {"other", *jobs_queue}}});
  EXPECT_TRUE(queues.Assert().ok()) << queues.Assert().message();

  fake.SetActiveQueues({{"default", {"other"}}});
  EXPECT_EQ(queues.Assert().message(),
            "queue " + *jobs_queue + " not among the active queues of pool default");

  fake.SetActiveQueues({{"gpu", {*jobs_queue}}});
  EXPECT_EQ(queues.Assert().message(), "pool default not in GetActiveQueues' answer");
  EXPECT_TRUE(queues.TearDown().ok());
}

}  // namespace
}  // namespace armada::runner
