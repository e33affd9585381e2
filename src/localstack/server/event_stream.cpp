#include "localstack/server/event_stream.h"

#include <grpcpp/alarm.h>

#include <deque>
#include <memory>
#include <optional>

namespace armada::localstack {
namespace {

constexpr char kShuttingDown[] =
    "armada-localstack is shutting down; resume from the last message id once it is back";

}  // namespace

class EventStream final : public grpc::ServerWriteReactor<api::EventStreamMessage> {
 public:
  // With `error` set the stream only finishes with it.
  EventStream(EventStreams& owner, api::JobSetRequest request, std::optional<grpc::Status> error)
      : owner_(owner), request_(std::move(request)), stop_(std::move(error)) {}

  // Starts sending; called once, after the owner registered the stream.
  void Begin() {
    if (request_.watch() && !stop_) {
      // Registered before the first read, so no append falls in between.
      subscription_ = owner_.log_.Subscribe(request_.queue(), request_.id(), [this] { Pump(); });
    }
    Pump();
  }

  // Ends the stream with `status` once no write is in flight.
  void Stop(grpc::Status status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!stop_) stop_ = std::move(status);
    }
    Pump();
  }

  void OnWriteDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
      ++sent_;
      // The client left or the call was cancelled; the status goes nowhere.
      if (!ok && !stop_) stop_ = grpc::Status::CANCELLED;
    }
    Pump();
  }

  void OnCancel() override { Stop(grpc::Status::CANCELLED); }

  void OnDone() override {
    if (subscription_) owner_.log_.Unsubscribe(subscription_);
    owner_.Closed(this);
    delete this;
  }

 private:
  // Does the stream's next step: write the next event, wait for one (nothing
  // to do until the log calls back), or finish.
  void Pump() {
    enum { kNothing, kWrite, kDelay, kFinish } action = kNothing;
    grpc::Status status;
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_ || busy_) return;
      const int cut_every = owner_.faults_.stream_cut_every;
      if (!stop_ && cut_every > 0 && sent_ >= cut_every) {
        stop_ = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                             "stream cut after " + std::to_string(sent_) +
                                 " events on purpose (--fault-stream-cut-every " +
                                 std::to_string(cut_every) + ")");
      }
      if (!stop_ && pending_.empty()) {
        auto entries = owner_.log_.Read(request_.queue(), request_.id(), last_id_);
        if (!entries.ok()) {
          stop_ = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                               "from_message_id: " + entries.status().message());
        } else {
          pending_.assign(std::make_move_iterator(entries->begin()),
                          std::make_move_iterator(entries->end()));
        }
      }
      if (!stop_ && pending_.empty() && !request_.watch()) stop_ = grpc::Status::OK;
      if (stop_) {
        finished_ = true;
        status = *stop_;
        action = kFinish;
      } else if (!pending_.empty()) {
        LoggedEvent& next = pending_.front();
        message_.set_id(next.id);
        *message_.mutable_message() = std::move(next.message);
        last_id_ = std::move(next.id);
        pending_.pop_front();
        busy_ = true;
        delay = EventDelay(owner_.faults_);
        action = delay.count() > 0 ? kDelay : kWrite;
      }
    }
    switch (action) {
      case kNothing:
        break;
      case kWrite:
        StartWrite(&message_);
        break;
      case kDelay:
        // busy_ stays set until the write ends, so the stream cannot finish
        // (and be deleted) while the alarm is pending.
        alarm_ = std::make_unique<grpc::Alarm>();
        alarm_->Set(std::chrono::system_clock::now() + delay,
                    [this](bool) { StartWrite(&message_); });
        break;
      case kFinish:
        Finish(status);
        break;
    }
  }

  EventStreams& owner_;
  const api::JobSetRequest request_;
  std::shared_ptr<EventLog::Subscription> subscription_;

  std::mutex mu_;
  // Why and how the stream ends, once that is decided.
  std::optional<grpc::Status> stop_;
  // Finish was called.
  bool finished_ = false;
  // A write (or the delay before it) is in flight.
  bool busy_ = false;
  int sent_ = 0;
  std::string last_id_ = request_.from_message_id();
  std::deque<LoggedEvent> pending_;
  // The event being written; gRPC reads it until OnWriteDone.
  api::EventStreamMessage message_;
  std::unique_ptr<grpc::Alarm> alarm_;
};

grpc::ServerWriteReactor<api::EventStreamMessage>* EventStreams::Open(
    const api::JobSetRequest& request, grpc::Status invalid) {
  std::optional<grpc::Status> error;
  if (!invalid.ok()) {
    error = std::move(invalid);
  } else if (request.queue().empty() || request.id().empty()) {
    error =
        grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "queue and id (the job set) are needed");
  } else if (request.errorifmissing() && !log_.Exists(request.queue(), request.id())) {
    error =
        grpc::Status(grpc::StatusCode::NOT_FOUND, "job set \"" + request.id() + "\" in queue \"" +
                                                      request.queue() + "\" does not exist");
  }
  auto* stream = new EventStream(*this, request, error);
  bool shut_down;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shut_down = shut_down_;
    open_.insert(stream);
  }
  if (shut_down) stream->Stop(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
  stream->Begin();
  return stream;
}

void EventStreams::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shut_down_ = true;
  for (EventStream* stream : open_) {
    stream->Stop(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
  }
}

size_t EventStreams::open_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_.size();
}

void EventStreams::Closed(EventStream* stream) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.erase(stream);
}

}  // namespace armada::localstack
