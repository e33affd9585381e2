// A test's own queues, when its queueConfig asks for them: created before
// the jobs, updated, checked after, and always deleted at the end.
//
// Contract, following Armada's runner:
// - Setup creates setup.numBatches batches of setup.batchSize queues (each at
//   least 1), interval apart, named "<spec queue>-<random>", from
//   setup.queueSpec (priority factor 0 becomes 1); one queue per batch goes
//   through CreateQueue, more through CreateQueues. The test's jobs then go
//   to the first queue created.
// - update is applied to every created queue (UpdateQueue, or UpdateQueues
//   for several).
// - Assertions: appearsInStream (GetQueues lists every created queue),
//   matches (GetQueue equals the given queue, name aside); activeInPool
//   (api.Jobs/GetActiveQueues lists the pool, and the jobs' queue in it; run
//   while the jobs are still active, before the job set is cancelled).
// - TearDown deletes every created queue (NOT_FOUND counts as deleted) and,
//   when an assertion says `deleted`, checks GetQueue answers NOT_FOUND.
#pragma once

#include <string>
#include <vector>

#include "api/testspec.pb.h"
#include "common/status.h"
#include "common/stop_signal.h"
#include "runner/connection.h"
#include "runner/per_test_log.h"

namespace armada::runner {

class QueueLifecycle {
 public:
  QueueLifecycle(const api::TestSpec& spec, const Connection& connection, TestLog& log);

  // Creates and updates the queues; returns the queue the jobs go to. Stop
  // (or its StopAt time, which also ends a call in flight) ends it with an
  // error naming stop's reason and the step cut short.
  StatusOr<std::string> SetUp(const StopSignal& stop);
  // Checks the queue assertions.
  Status Assert() const;
  // Deletes the created queues; safe to call whatever SetUp did.
  Status TearDown();

 private:
  Status Update(const StopSignal& stop) const;

  const api::TestSpec& spec_;
  const Connection& connection_;
  TestLog& log_;
  std::vector<std::string> created_;
};

}  // namespace armada::runner
