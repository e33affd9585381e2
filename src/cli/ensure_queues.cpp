#include "cli/ensure_queues.h"

#include <google/protobuf/empty.pb.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace armada::cli {

std::vector<std::string> QueuesUsedBy(const std::vector<runner::SuiteCase>& cases) {
  std::vector<std::string> queues;
  for (const auto& test : cases) {
    const std::string& queue = test.spec.queue();
    if (test.spec.has_queue_config() || queue.empty()) continue;
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) queues.push_back(queue);
  }
  return queues;
}

Status EnsureQueues(const runner::Connection& connection, const std::vector<std::string>& queues) {
  for (const auto& name : queues) {
    api::Queue queue;
    queue.set_name(name);
    queue.set_priority_factor(1.0);
    auto context = connection.NewContext(std::chrono::seconds(15));
    google::protobuf::Empty empty;
    const grpc::Status status = connection.queues().CreateQueue(context.get(), queue, &empty);
    if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return Status::Error("creating queue " + name +
                           " failed: " + runner::DescribeRpcError(status));
    }
    if (status.ok()) spdlog::info("created queue {} (priority factor 1)", name);
  }
  return Status();
}

std::vector<std::string> MissingQueues(const runner::Connection& connection,
                                       const std::vector<std::string>& queues) {
  std::vector<std::string> missing;
  for (const auto& name : queues) {
    api::QueueGetRequest request;
    request.set_name(name);
    api::Queue queue;
    auto context = connection.NewContext(std::chrono::seconds(15));
    const grpc::Status status = connection.queues().GetQueue(context.get(), request, &queue);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) missing.push_back(name);
  }
  return missing;
}

std::string MissingQueueMessage(const std::string& queue) {
  return "queue " + queue + " does not exist: create it with `armadactl create queue " + queue +
         "`, or pass --create-queues";
}

}  // namespace armada::cli
