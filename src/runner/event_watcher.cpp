#include "runner/event_watcher.h"

#include <algorithm>
#include <unordered_set>

namespace armada::runner {

EventWatcher::EventWatcher(const Connection& connection, std::string queue, std::string job_set_id,
                           TestLog& log, WatchOptions options)
    : connection_(connection),
      queue_(std::move(queue)),
      job_set_id_(std::move(job_set_id)),
      log_(log),
      options_(options) {}

Status EventWatcher::Run(const Sink& sink) {
  // Resuming from an id is the server's promise not to resend; this set is
  // ours, so a server that resends anyway cannot make us count an event twice.
  // A message without an id cannot be told from another, so it is always
  // delivered (and cannot be resumed from).
  std::unordered_set<std::string> delivered;
  const Sink deliver = [&](const api::EventStreamMessage& message) {
    if (!message.id().empty()) {
      if (!delivered.insert(message.id()).second) return;
      last_id_ = message.id();
    }
    sink(message);
  };
  int failures = 0;
  auto backoff = options_.first_backoff;
  while (!stop_.stopped()) {
    bool received_any = false;
    const grpc::Status status = ReadStream(deliver, &received_any);
    if (stop_.stopped()) break;
    if (received_any) {
      failures = 0;
      backoff = options_.first_backoff;
    }
    ++failures;
    const std::string why = status.ok() ? "stream ended" : DescribeRpcError(status);
    if (failures >= options_.max_attempts) {
      return Status::Error("event stream for job set " + job_set_id_ + " lost after " +
                           std::to_string(failures) + " attempts: " + why);
    }
    log_.Warn("event stream broken (" + why + "); reconnecting in " +
              std::to_string(backoff.count()) + "ms from message " +
              (last_id_.empty() ? std::string("(start)") : last_id_));
    if (stop_.WaitFor(backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return Status();
}

grpc::Status EventWatcher::ReadStream(const Sink& sink, bool* received_any) {
  auto context = connection_.NewContext();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_.stopped()) return grpc::Status::CANCELLED;
    open_context_ = context.get();
  }
  api::JobSetRequest request;
  request.set_id(job_set_id_);
  request.set_queue(queue_);
  request.set_watch(true);
  request.set_from_message_id(last_id_);
  auto reader = connection_.events().GetJobSetEvents(context.get(), request);
  api::EventStreamMessage message;
  while (reader->Read(&message)) {
    *received_any = true;
    sink(message);
  }
  const grpc::Status status = reader->Finish();
  std::lock_guard<std::mutex> lock(mu_);
  open_context_ = nullptr;
  return status;
}

void EventWatcher::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_.Stop("stopped");
  if (open_context_ != nullptr) open_context_->TryCancel();
}

}  // namespace armada::runner
