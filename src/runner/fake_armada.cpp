#include "runner/fake_armada.h"

#include <google/protobuf/empty.pb.h>

#include <chrono>

namespace armada::runner::testing {

class FakeArmada::EventService : public api::Event::Service {
 public:
  explicit EventService(FakeArmada* fake) : fake_(fake) {}

  grpc::Status GetJobSetEvents(grpc::ServerContext* context, const api::JobSetRequest* request,
                               grpc::ServerWriter<api::EventStreamMessage>* writer) override {
    std::unique_lock<std::mutex> lock(fake_->mu_);
    fake_->from_ids_.push_back(request->from_message_id());
    const size_t stream = fake_->streams_opened_++;
    const int limit = stream < fake_->break_after_.size() ? fake_->break_after_[stream] : -1;
    size_t next = 0;
    if (!fake_->ignore_from_id_ && !request->from_message_id().empty()) {
      next = std::stoul(request->from_message_id());
    }
    int sent = 0;
    while (!context->IsCancelled()) {
      if (limit >= 0 && sent == limit) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "broken");
      if (next < fake_->log_.size()) {
        const api::EventStreamMessage message = fake_->log_[next++];
        lock.unlock();
        writer->Write(message);
        lock.lock();
        ++sent;
        continue;
      }
      fake_->cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
    return grpc::Status::CANCELLED;
  }

  grpc::Status Health(grpc::ServerContext*, const google::protobuf::Empty*,
                      api::HealthCheckResponse* response) override {
    response->set_status(api::HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

class FakeArmada::SubmitService : public api::Submit::Service {
 public:
  explicit SubmitService(FakeArmada* fake) : fake_(fake) {}

  grpc::Status SubmitJobs(grpc::ServerContext*, const api::JobSubmitRequest* request,
                          api::JobSubmitResponse* response) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    ++fake_->submit_calls_;
    if (fake_->failing_submits_ > 0) {
      --fake_->failing_submits_;
      return grpc::Status(fake_->submit_failure_, "could not find queue " + request->queue());
    }
    for (int i = 0; i < request->job_request_items_size(); ++i) {
      response->add_job_response_items()->set_job_id(
          "job-" + std::to_string(fake_->submits_.size()) + "-" + std::to_string(i));
    }
    fake_->submits_.push_back(*request);
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

FakeArmada::FakeArmada()
    : events_(std::make_unique<EventService>(this)),
      submit_(std::make_unique<SubmitService>(this)) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(events_.get());
  builder.RegisterService(submit_.get());
  server_ = builder.BuildAndStart();
}

FakeArmada::~FakeArmada() { server_->Shutdown(std::chrono::system_clock::now()); }

std::string FakeArmada::address() const { return "127.0.0.1:" + std::to_string(port_); }

void FakeArmada::AppendEvent(const api::EventMessage& event) {
  std::lock_guard<std::mutex> lock(mu_);
  api::EventStreamMessage message;
  message.set_id(std::to_string(log_.size() + 1));
  *message.mutable_message() = event;
  log_.push_back(message);
  cv_.notify_all();
}

void FakeArmada::BreakStreamsAfter(std::vector<int> counts) {
  std::lock_guard<std::mutex> lock(mu_);
  break_after_ = std::move(counts);
}

void FakeArmada::IgnoreFromMessageId() {
  std::lock_guard<std::mutex> lock(mu_);
  ignore_from_id_ = true;
}

std::vector<std::string> FakeArmada::FromIds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return from_ids_;
}

void FakeArmada::FailSubmits(int n, grpc::StatusCode code) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_submits_ = n;
  submit_failure_ = code;
}

std::vector<api::JobSubmitRequest> FakeArmada::Submits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return submits_;
}

int FakeArmada::SubmitCalls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return submit_calls_;
}

}  // namespace armada::runner::testing
