#include "runner/queue_lifecycle.h"

#include <google/protobuf/empty.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <random>
#include <set>

namespace armada::runner {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(15);

std::string RandomSuffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 10; ++i) out += kAlphabet[generator() % 36];
  return out;
}

Status Check(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return Status();
  return Status::Error(what + " failed: " + DescribeRpcError(status));
}

}  // namespace

QueueLifecycle::QueueLifecycle(const api::TestSpec& spec, const Connection& connection,
                               TestLog& log)
    : spec_(spec), connection_(connection), log_(log) {}

StatusOr<std::string> QueueLifecycle::SetUp(const StopSignal& stop) {
  if (!spec_.has_queue_config()) return spec_.queue();
  const auto& setup = spec_.queue_config().setup();
  const uint32_t batches = std::max<uint32_t>(1, setup.num_batches());
  const uint32_t per_batch = std::max<uint32_t>(1, setup.batch_size());
  const auto interval = std::chrono::milliseconds(
      google::protobuf::util::TimeUtil::DurationToMilliseconds(setup.interval()));
  for (uint32_t b = 0; b < batches; ++b) {
    const std::string stopped =
        " while creating queue batch " + std::to_string(b + 1) + "/" + std::to_string(batches);
    if ((b > 0 && stop.WaitFor(interval)) || stop.stopped()) {
      return Status::Error(stop.reason() + stopped);
    }
    api::QueueList batch;
    for (uint32_t i = 0; i < per_batch; ++i) {
      api::Queue* queue = batch.add_queues();
      *queue = setup.queue_spec();
      if (queue->priority_factor() == 0) queue->set_priority_factor(1.0);
      queue->set_name(spec_.queue() + "-" + RandomSuffix());
    }
    auto context = connection_.NewContext(stop.CallTimeout(kCallTimeout));
    if (batch.queues_size() == 1) {
      google::protobuf::Empty empty;
      const grpc::Status status =
          connection_.queues().CreateQueue(context.get(), batch.queues(0), &empty);
      if (!status.ok() && stop.stopped()) return Status::Error(stop.reason() + stopped);
      if (auto checked = Check(status, "CreateQueue " + batch.queues(0).name()); !checked.ok()) {
        return checked;
      }
    } else {
      api::BatchQueueCreateResponse response;
      const grpc::Status status =
          connection_.queues().CreateQueues(context.get(), batch, &response);
      if (!status.ok() && stop.stopped()) return Status::Error(stop.reason() + stopped);
      if (auto checked = Check(status, "CreateQueues"); !checked.ok()) return checked;
      if (response.failed_queues_size() > 0) {
        // The rest of the batch exists now, and TearDown must find it.
        std::set<std::string> failed_names;
        for (const auto& failed : response.failed_queues()) {
          failed_names.insert(failed.queue().name());
        }
        for (const auto& queue : batch.queues()) {
          if (failed_names.count(queue.name()) == 0) created_.push_back(queue.name());
        }
        const auto& failed = response.failed_queues(0);
        return Status::Error("creating queue " + failed.queue().name() +
                             " failed: " + failed.error());
      }
    }
    for (const auto& queue : batch.queues()) created_.push_back(queue.name());
    log_.Step("created " + std::to_string(batch.queues_size()) + " queue(s)");
  }
  if (Status updated = Update(stop); !updated.ok()) {
    if (stop.stopped()) return Status::Error(stop.reason() + " while updating queues");
    return updated;
  }
  return created_.front();
}

Status QueueLifecycle::Update(const StopSignal& stop) const {
  if (!spec_.queue_config().has_update()) return Status();
  api::QueueList queues;
  for (const auto& name : created_) {
    api::Queue* queue = queues.add_queues();
    *queue = spec_.queue_config().update();
    queue->set_name(name);
    if (queue->priority_factor() == 0) queue->set_priority_factor(1.0);
  }
  auto context = connection_.NewContext(stop.CallTimeout(kCallTimeout));
  if (queues.queues_size() == 1) {
    google::protobuf::Empty empty;
    const grpc::Status status =
        connection_.queues().UpdateQueue(context.get(), queues.queues(0), &empty);
    if (auto checked = Check(status, "UpdateQueue " + created_.front()); !checked.ok()) {
      return checked;
    }
  } else {
    api::BatchQueueUpdateResponse response;
    const grpc::Status status = connection_.queues().UpdateQueues(context.get(), queues, &response);
    if (auto checked = Check(status, "UpdateQueues"); !checked.ok()) return checked;
    if (response.failed_queues_size() > 0) {
      const auto& failed = response.failed_queues(0);
      return Status::Error("updating queue " + failed.queue().name() +
                           " failed: " + failed.error());
    }
  }
  log_.Step("updated " + std::to_string(created_.size()) + " queue(s)");
  return Status();
}

Status QueueLifecycle::Assert() const {
  for (const auto& assertion : spec_.queue_config().assertions()) {
    if (const std::string& pool = assertion.active_in_pool(); !pool.empty()) {
      const std::string& jobs_queue = created_.empty() ? spec_.queue() : created_.front();
      auto context = connection_.NewContext(kCallTimeout);
      api::GetActiveQueuesResponse response;
      const grpc::Status status = connection_.jobs().GetActiveQueues(
          context.get(), api::GetActiveQueuesRequest(), &response);
      if (auto checked = Check(status, "GetActiveQueues"); !checked.ok()) return checked;
      const auto found = response.active_queues_by_pool().find(pool);
      if (found == response.active_queues_by_pool().end()) {
        return Status::Error("pool " + pool + " not in GetActiveQueues' answer");
      }
      const auto& queues = found->second.queues();
      if (std::find(queues.begin(), queues.end(), jobs_queue) == queues.end()) {
        return Status::Error("queue " + jobs_queue + " not among the active queues of pool " +
                             pool);
      }
      log_.Step("asserted queue " + jobs_queue + " is active in pool " + pool);
    }
    if (assertion.appears_in_stream()) {
      auto context = connection_.NewContext(kCallTimeout);
      auto reader = connection_.queues().GetQueues(context.get(), api::StreamingQueueGetRequest());
      std::set<std::string> seen;
      api::StreamingQueueMessage message;
      while (reader->Read(&message) && !message.has_end()) {
        if (message.has_queue()) seen.insert(message.queue().name());
      }
      reader->Finish();
      for (const auto& name : created_) {
        if (seen.count(name) == 0) return Status::Error("queue " + name + " not in GetQueues");
      }
      log_.Step("asserted " + std::to_string(created_.size()) + " queue(s) appear in GetQueues");
    }
    if (assertion.has_matches()) {
      for (const auto& name : created_) {
        auto context = connection_.NewContext(kCallTimeout);
        api::QueueGetRequest request;
        request.set_name(name);
        api::Queue actual;
        const grpc::Status status = connection_.queues().GetQueue(context.get(), request, &actual);
        if (auto checked = Check(status, "GetQueue " + name); !checked.ok()) return checked;
        api::Queue want = assertion.matches();
        want.set_name(actual.name());
        if (!google::protobuf::util::MessageDifferencer::Equals(want, actual)) {
          return Status::Error("queue " + name + " is {" + actual.ShortDebugString() +
                               "}, expected {" + want.ShortDebugString() + "}");
        }
      }
      log_.Step("asserted " + std::to_string(created_.size()) + " queue(s) match");
    }
  }
  return Status();
}

Status QueueLifecycle::TearDown() {
  bool assert_deleted = false;
  for (const auto& assertion : spec_.queue_config().assertions()) {
    assert_deleted = assert_deleted || assertion.deleted();
  }
  // One queue that cannot be deleted must not leave the others behind: every
  // queue is tried, and the first problem is the one reported.
  Status first_problem;
  size_t deleted = 0;
  for (const auto& name : created_) {
    auto context = connection_.NewContext(kCallTimeout);
    api::QueueDeleteRequest request;
    request.set_name(name);
    google::protobuf::Empty empty;
    const grpc::Status status = connection_.queues().DeleteQueue(context.get(), request, &empty);
    if (!status.ok() && status.error_code() != grpc::StatusCode::NOT_FOUND) {
      if (first_problem.ok()) first_problem = Check(status, "DeleteQueue " + name);
      continue;
    }
    ++deleted;
    if (!assert_deleted) continue;
    auto get_context = connection_.NewContext(kCallTimeout);
    api::QueueGetRequest get;
    get.set_name(name);
    api::Queue queue;
    const grpc::Status got = connection_.queues().GetQueue(get_context.get(), get, &queue);
    if (got.error_code() != grpc::StatusCode::NOT_FOUND && first_problem.ok()) {
      first_problem = Status::Error("queue " + name + " should be deleted, but GetQueue answered " +
                                    DescribeRpcError(got));
    }
  }
  if (deleted > 0) log_.Step("deleted " + std::to_string(deleted) + " queue(s)");
  created_.clear();
  return first_problem;
}

}  // namespace armada::runner
