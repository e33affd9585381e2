#include "runner/event_watcher.h"

#include "runner/delivered_ids.h"
#include "runner/rpc_errors.h"

namespace armada::runner {
namespace {

std::string Seconds(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

}  // namespace

EventWatcher::EventWatcher(const Connection& connection, std::string queue, std::string job_set_id,
                           TestLog& log, WatchOptions options)
    : connection_(connection),
      queue_(std::move(queue)),
      job_set_id_(std::move(job_set_id)),
      log_(log),
      options_(std::move(options)) {}

Status EventWatcher::Run(const Sink& sink) {
  // Resuming from an id is the server's promise not to resend; this record is
  // ours, so a server that resends anyway cannot make us count an event twice.
  // A message without an id cannot be told from another, so it is always
  // delivered (and cannot be resumed from).
  DeliveredIds delivered;
  bool delivered_new = false;
  const Sink deliver = [&](const api::EventStreamMessage& message) {
    if (!message.id().empty()) {
      if (!delivered.Add(message.id())) return;
      last_id_ = message.id();
    }
    delivered_new = true;
    sink(message);
  };
  Sleeper& sleeper = options_.sleeper != nullptr ? *options_.sleeper : RealSleeper();
  const std::string stream = "event stream for job set " + job_set_id_;
  int empty_attempts = 0;  // consecutive attempts that delivered nothing new
  while (!stop_.stopped()) {
    delivered_new = false;
    const grpc::Status status = ReadStream(deliver);
    if (stop_.stopped()) break;
    const std::string why =
        status.ok() ? std::string("the server ended it") : DescribeRpcError(status);
    if (!IsTransientRpcError(status)) {
      return Status::Error(stream + " refused by the server (permanent, not retried): " + why);
    }
    if (options_.server_death) {
      if (const std::string death = options_.server_death(); !death.empty()) {
        return Status::Error(stream + " broke (" + why + "): " + death);
      }
    }
    const std::string from = last_id_.empty() ? std::string("the start") : "message " + last_id_;
    if (delivered_new) {
      // Progress was made: resume at once, so a stream cut after every
      // message costs no sleep per event. Only the first resume is a warning;
      // a flaky transport would otherwise flood the test's log.
      empty_attempts = 0;
      int resumes;
      {
        std::lock_guard<std::mutex> lock(mu_);
        resumes = ++resumes_;
      }
      const std::string line = stream + " broken (" + why + "); resuming at once from " + from;
      if (resumes == 1) {
        log_.Warn(line + " (further resumes are counted, not logged)");
      } else if (TestLog::detailed()) {
        log_.Detail(line);
      }
      continue;
    }
    if (empty_attempts >= options_.backoff.retries) {
      return Status::Error(stream + " lost: transport failure after " +
                           std::to_string(empty_attempts + 1) +
                           " attempts that received nothing (" + Seconds(options_.backoff.Total()) +
                           " of backoff): " + why);
    }
    const auto delay = options_.backoff.Delay(empty_attempts++);
    log_.Warn(stream + " broken (" + why + "); reconnecting in " + Seconds(delay) + " from " +
              from + " (retry " + std::to_string(empty_attempts) + "/" +
              std::to_string(options_.backoff.retries) + ")");
    if (sleeper.Sleep(delay, stop_)) break;
  }
  return Status();
}

grpc::Status EventWatcher::ReadStream(const Sink& sink) {
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
  while (reader->Read(&message)) sink(message);
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

int EventWatcher::resumes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return resumes_;
}

}  // namespace armada::runner
