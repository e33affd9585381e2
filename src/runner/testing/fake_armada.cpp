#include "runner/testing/fake_armada.h"

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
    fake_->cv_.notify_all();
    const int limit = stream < fake_->break_after_.size() ? fake_->break_after_[stream] : -1;
    size_t next = 0;
    if (!fake_->ignore_from_id_ && !request->from_message_id().empty()) {
      next = std::stoul(request->from_message_id());
    }
    int sent = 0;
    while (!context->IsCancelled()) {
      if (limit >= 0 && sent == limit) {
        return grpc::Status(fake_->break_code_, fake_->break_message_);
      }
      if (next < fake_->log_.size()) {
        api::EventStreamMessage message = fake_->log_[next++];
        if (fake_->empty_ids_) message.clear_id();
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
    std::function<void()> hook;
    {
      std::lock_guard<std::mutex> lock(fake_->mu_);
      hook = fake_->during_submit_;
    }
    if (hook) hook();
    std::lock_guard<std::mutex> lock(fake_->mu_);
    ++fake_->submit_calls_;
    if (fake_->failing_submits_ > 0) {
      --fake_->failing_submits_;
      return grpc::Status(fake_->submit_failure_, "could not find queue " + request->queue());
    }
    // As Armada: an item whose client id was seen in this job set gets the
    // job made for it then, not a new one.
    for (int i = 0; i < request->job_request_items_size(); ++i) {
      const std::string& client_id = request->job_request_items(i).client_id();
      const auto key = std::make_pair(request->job_set_id(), client_id);
      std::string id;
      if (auto seen = fake_->by_client_id_.find(key);
          !client_id.empty() && seen != fake_->by_client_id_.end()) {
        id = seen->second;
      } else {
        id = "job-" + std::to_string(fake_->submits_.size()) + "-" + std::to_string(i);
        ++fake_->jobs_created_;
        if (!client_id.empty()) fake_->by_client_id_[key] = id;
      }
      response->add_job_response_items()->set_job_id(id);
    }
    fake_->submits_.push_back(*request);
    if (fake_->lost_submit_answers_ > 0) {
      --fake_->lost_submit_answers_;
      response->Clear();
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset after the request");
    }
    return grpc::Status::OK;
  }

  grpc::Status ReprioritizeJobs(grpc::ServerContext*, const api::JobReprioritizeRequest* request,
                                api::JobReprioritizeResponse* response) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    for (const auto& id : request->job_ids()) {
      const auto error = fake_->per_job_errors_.find(id);
      (*response->mutable_reprioritization_results())[id] =
          error == fake_->per_job_errors_.end() ? "" : error->second;
    }
    return grpc::Status::OK;
  }

  grpc::Status PreemptJobs(grpc::ServerContext*, const api::JobPreemptRequest* request,
                           api::PreemptionResult* response) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    for (const auto& id : request->job_ids()) {
      const auto error = fake_->per_job_errors_.find(id);
      (*response->mutable_preemption_results())[id] =
          error == fake_->per_job_errors_.end() ? "" : error->second;
    }
    return grpc::Status::OK;
  }

  grpc::Status CancelJobSet(grpc::ServerContext*, const api::JobSetCancelRequest* request,
                            google::protobuf::Empty*) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    fake_->cancelled_job_sets_.push_back(request->job_set_id());
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

class FakeArmada::QueueService : public api::QueueService::Service {
 public:
  explicit QueueService(FakeArmada* fake) : fake_(fake) {}

  grpc::Status CreateQueue(grpc::ServerContext*, const api::Queue* queue,
                           google::protobuf::Empty*) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    if (!fake_->queues_.insert(queue->name()).second) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, queue->name());
    }
    return grpc::Status::OK;
  }

  grpc::Status CreateQueues(grpc::ServerContext*, const api::QueueList* queues,
                            api::BatchQueueCreateResponse* response) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    for (int i = 0; i < queues->queues_size(); ++i) {
      const api::Queue& queue = queues->queues(i);
      if (fake_->fail_last_queue_ && i + 1 == queues->queues_size()) {
        auto* failed = response->add_failed_queues();
        *failed->mutable_queue() = queue;
        failed->set_error("refused");
        continue;
      }
      fake_->queues_.insert(queue.name());
    }
    return grpc::Status::OK;
  }

  grpc::Status DeleteQueue(grpc::ServerContext*, const api::QueueDeleteRequest* request,
                           google::protobuf::Empty*) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    if (fake_->failing_deletes_ > 0) {
      --fake_->failing_deletes_;
      return grpc::Status(grpc::StatusCode::INTERNAL, "cannot delete " + request->name());
    }
    if (fake_->queues_.erase(request->name()) == 0) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, request->name());
    }
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

class FakeArmada::JobsService : public api::Jobs::Service {
 public:
  explicit JobsService(FakeArmada* fake) : fake_(fake) {}

  grpc::Status GetActiveQueues(grpc::ServerContext*, const api::GetActiveQueuesRequest*,
                               api::GetActiveQueuesResponse* response) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    for (const auto& [pool, queues] : fake_->active_queues_) {
      auto& entry = (*response->mutable_active_queues_by_pool())[pool];
      for (const auto& queue : queues) entry.add_queues(queue);
    }
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

class FakeArmada::NodeService : public api::Node::Service {
 public:
  explicit NodeService(FakeArmada* fake) : fake_(fake) {}

  grpc::Status CancelOnNode(grpc::ServerContext*, const api::NodeCancelRequest* request,
                            google::protobuf::Empty*) override {
    std::function<void()> hook;
    {
      std::lock_guard<std::mutex> lock(fake_->mu_);
      fake_->node_cancels_.push_back(*request);
      hook = fake_->during_node_cancel_;
    }
    if (hook) hook();
    return grpc::Status::OK;
  }

 private:
  FakeArmada* fake_;
};

FakeArmada::FakeArmada()
    : events_(std::make_unique<EventService>(this)),
      submit_(std::make_unique<SubmitService>(this)),
      queue_service_(std::make_unique<QueueService>(this)),
      jobs_service_(std::make_unique<JobsService>(this)),
      node_service_(std::make_unique<NodeService>(this)) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(events_.get());
  builder.RegisterService(submit_.get());
  builder.RegisterService(queue_service_.get());
  builder.RegisterService(jobs_service_.get());
  builder.RegisterService(node_service_.get());
  server_ = builder.BuildAndStart();
}

void FakeArmada::SendEmptyIds() {
  std::lock_guard<std::mutex> lock(mu_);
  empty_ids_ = true;
}

void FakeArmada::LoseSubmitAnswers(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  lost_submit_answers_ = n;
}

int FakeArmada::JobsCreated() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_created_;
}

std::vector<api::NodeCancelRequest> FakeArmada::NodeCancels() const {
  std::lock_guard<std::mutex> lock(mu_);
  return node_cancels_;
}

void FakeArmada::DuringNodeCancel(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  during_node_cancel_ = std::move(hook);
}

void FakeArmada::SetPerJobErrors(std::map<std::string, std::string> errors) {
  std::lock_guard<std::mutex> lock(mu_);
  per_job_errors_ = std::move(errors);
}

void FakeArmada::SetActiveQueues(std::map<std::string, std::vector<std::string>> by_pool) {
  std::lock_guard<std::mutex> lock(mu_);
  active_queues_ = std::move(by_pool);
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

Connection FakeArmada::Connect() const {
  ClientConfig config;
  config.armada_url = address();
  config.force_no_tls = true;
  return Connection(config);
}

void FakeArmada::BreakStreamsAfter(std::vector<int> counts) {
  std::lock_guard<std::mutex> lock(mu_);
  break_after_ = std::move(counts);
}

void FakeArmada::BreakStreamsWith(grpc::StatusCode code, std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  break_code_ = code;
  break_message_ = std::move(message);
}

void FakeArmada::IgnoreFromMessageId() {
  std::lock_guard<std::mutex> lock(mu_);
  ignore_from_id_ = true;
}

std::vector<std::string> FakeArmada::FromIds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return from_ids_;
}

bool FakeArmada::WaitForStreams(size_t n, std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return streams_opened_ >= n; });
}

void FakeArmada::FailSubmits(int n, grpc::StatusCode code) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_submits_ = n;
  submit_failure_ = code;
}

void FakeArmada::DuringSubmit(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  during_submit_ = std::move(hook);
}

void FakeArmada::FailLastQueueOfBatches() {
  std::lock_guard<std::mutex> lock(mu_);
  fail_last_queue_ = true;
}

void FakeArmada::FailDeletes(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_deletes_ = n;
}

std::vector<std::string> FakeArmada::Queues() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {queues_.begin(), queues_.end()};
}

std::vector<api::JobSubmitRequest> FakeArmada::Submits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return submits_;
}

std::vector<std::string> FakeArmada::CancelledJobSets() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_job_sets_;
}

int FakeArmada::SubmitCalls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return submit_calls_;
}

}  // namespace armada::runner::testing
