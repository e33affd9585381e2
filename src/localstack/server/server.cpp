#include "localstack/server/server.h"

#include "localstack/server/request_checks.h"

namespace armada::localstack {
namespace {

// The queue calls, shared by api.Submit and api.QueueService.
grpc::Status CreateQueue(QueueStore& queues, const api::Queue& queue) {
  if (grpc::Status s = CheckQueue(queue); !s.ok()) return s;
  return queues.Create(queue);
}

grpc::Status UpdateQueue(QueueStore& queues, const api::Queue& queue) {
  if (grpc::Status s = CheckQueue(queue); !s.ok()) return s;
  return queues.Update(queue);
}

grpc::Status GetQueue(QueueStore& queues, const std::string& name, api::Queue* out) {
  if (grpc::Status s = CheckName(name, "name"); !s.ok()) return s;
  return queues.Get(name, out);
}

grpc::Status DeleteQueue(QueueStore& queues, const std::string& name) {
  if (grpc::Status s = CheckName(name, "name"); !s.ok()) return s;
  // As Armada's server: its queue's jobs, finished or not, do not stop it
  // (upstream queue/active_list_1x1 deletes a queue whose job still runs).
  return queues.Delete(name);
}

grpc::Status CreateQueues(QueueStore& queues, const api::QueueList& list,
                          api::BatchQueueCreateResponse* response) {
  for (int i = 0; i < list.queues_size(); ++i) {
    const api::Queue& queue = list.queues(i);
    grpc::Status s = CheckQueue(queue, "queues[" + std::to_string(i) + "]");
    if (s.ok()) s = queues.Create(queue);
    if (s.ok()) continue;
    auto* failed = response->add_failed_queues();
    *failed->mutable_queue() = queue;
    failed->set_error(s.error_message());
  }
  return grpc::Status::OK;
}

grpc::Status UpdateQueues(QueueStore& queues, const api::QueueList& list,
                          api::BatchQueueUpdateResponse* response) {
  for (int i = 0; i < list.queues_size(); ++i) {
    const api::Queue& queue = list.queues(i);
    grpc::Status s = CheckQueue(queue, "queues[" + std::to_string(i) + "]");
    if (s.ok()) s = queues.Update(queue);
    if (s.ok()) continue;
    auto* failed = response->add_failed_queues();
    *failed->mutable_queue() = queue;
    failed->set_error(s.error_message());
  }
  return grpc::Status::OK;
}

grpc::Status StreamQueues(QueueStore& queues, uint32_t limit,
                          grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  for (const auto& queue : queues.List(limit)) {
    api::StreamingQueueMessage message;
    *message.mutable_queue() = queue;
    if (!writer->Write(message)) return grpc::Status::OK;
  }
  api::StreamingQueueMessage end;
  end.mutable_end();
  writer->Write(end);
  return grpc::Status::OK;
}

grpc::Status SetCordoned(QueueStore& queues, const std::string& name, bool cordoned) {
  api::Queue queue;
  if (grpc::Status s = GetQueue(queues, name, &queue); !s.ok()) return s;
  queue.set_cordoned(cordoned);
  return queues.Update(queue);
}

grpc::Status Serving(api::HealthCheckResponse* response) {
  response->set_status(api::HealthCheckResponse::SERVING);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status SubmitService::SubmitJobs(grpc::ServerContext*, const api::JobSubmitRequest* request,
                                       api::JobSubmitResponse* response) {
  if (grpc::Status s = CheckRequest(*request); !s.ok()) return s;
  const int64_t call = ++submit_calls_;
  grpc::Status status = cluster_.Submit(*request, response);
  if (status.ok() && reject_submit_every_ > 0 && call % reject_submit_every_ == 0) {
    response->Clear();
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "submission stored, but answered UNAVAILABLE on purpose "
                        "(--fault-reject-submit-every " +
                            std::to_string(reject_submit_every_) + ")");
  }
  return status;
}

grpc::Status SubmitService::CancelJobs(grpc::ServerContext*, const api::JobCancelRequest* request,
                                       api::CancellationResult* response) {
  if (grpc::Status s = CheckRequest(*request); !s.ok()) return s;
  return cluster_.Cancel(*request, response);
}

grpc::Status SubmitService::CancelJobSet(grpc::ServerContext*,
                                         const api::JobSetCancelRequest* request,
                                         google::protobuf::Empty*) {
  if (grpc::Status s = CheckRequest(*request); !s.ok()) return s;
  return cluster_.CancelJobSet(*request);
}

grpc::Status SubmitService::ReprioritizeJobs(grpc::ServerContext*,
                                             const api::JobReprioritizeRequest* request,
                                             api::JobReprioritizeResponse* response) {
  if (grpc::Status s = CheckRequest(*request); !s.ok()) return s;
  return cluster_.Reprioritize(*request, response);
}

grpc::Status SubmitService::PreemptJobs(grpc::ServerContext*, const api::JobPreemptRequest* request,
                                        api::PreemptionResult* response) {
  if (grpc::Status s = CheckRequest(*request); !s.ok()) return s;
  return cluster_.Preempt(*request, response);
}

grpc::Status SubmitService::CreateQueue(grpc::ServerContext*, const api::Queue* request,
                                        google::protobuf::Empty*) {
  return localstack::CreateQueue(queues_, *request);
}

grpc::Status SubmitService::CreateQueues(grpc::ServerContext*, const api::QueueList* request,
                                         api::BatchQueueCreateResponse* response) {
  return localstack::CreateQueues(queues_, *request, response);
}

grpc::Status SubmitService::UpdateQueue(grpc::ServerContext*, const api::Queue* request,
                                        google::protobuf::Empty*) {
  return localstack::UpdateQueue(queues_, *request);
}

grpc::Status SubmitService::UpdateQueues(grpc::ServerContext*, const api::QueueList* request,
                                         api::BatchQueueUpdateResponse* response) {
  return localstack::UpdateQueues(queues_, *request, response);
}

grpc::Status SubmitService::DeleteQueue(grpc::ServerContext*,
                                        const api::QueueDeleteRequest* request,
                                        google::protobuf::Empty*) {
  return localstack::DeleteQueue(queues_, request->name());
}

grpc::Status SubmitService::GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                                     api::Queue* response) {
  return localstack::GetQueue(queues_, request->name(), response);
}

grpc::Status SubmitService::GetQueues(grpc::ServerContext*,
                                      const api::StreamingQueueGetRequest* request,
                                      grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  return StreamQueues(queues_, request->num(), writer);
}

grpc::Status SubmitService::Health(grpc::ServerContext*, const google::protobuf::Empty*,
                                   api::HealthCheckResponse* response) {
  return Serving(response);
}

grpc::Status QueueService::CreateQueue(grpc::ServerContext*, const api::Queue* request,
                                       google::protobuf::Empty*) {
  return localstack::CreateQueue(queues_, *request);
}

grpc::Status QueueService::CreateQueues(grpc::ServerContext*, const api::QueueList* request,
                                        api::BatchQueueCreateResponse* response) {
  return localstack::CreateQueues(queues_, *request, response);
}

grpc::Status QueueService::UpdateQueue(grpc::ServerContext*, const api::Queue* request,
                                       google::protobuf::Empty*) {
  return localstack::UpdateQueue(queues_, *request);
}

grpc::Status QueueService::UpdateQueues(grpc::ServerContext*, const api::QueueList* request,
                                        api::BatchQueueUpdateResponse* response) {
  return localstack::UpdateQueues(queues_, *request, response);
}

grpc::Status QueueService::DeleteQueue(grpc::ServerContext*, const api::QueueDeleteRequest* request,
                                       google::protobuf::Empty*) {
  return localstack::DeleteQueue(queues_, request->name());
}

grpc::Status QueueService::GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                                    api::Queue* response) {
  return localstack::GetQueue(queues_, request->name(), response);
}

grpc::Status QueueService::GetQueues(grpc::ServerContext*,
                                     const api::StreamingQueueGetRequest* request,
                                     grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  return StreamQueues(queues_, request->num(), writer);
}

grpc::Status QueueService::CordonQueue(grpc::ServerContext*, const api::QueueCordonRequest* request,
                                       google::protobuf::Empty*) {
  return SetCordoned(queues_, request->name(), true);
}

grpc::Status QueueService::UncordonQueue(grpc::ServerContext*,
                                         const api::QueueUncordonRequest* request,
                                         google::protobuf::Empty*) {
  return SetCordoned(queues_, request->name(), false);
}

grpc::ServerWriteReactor<api::EventStreamMessage>* EventService::GetJobSetEvents(
    grpc::CallbackServerContext*, const api::JobSetRequest* request) {
  return streams_.Open(*request, CheckRequest(*request));
}

grpc::ServerUnaryReactor* EventService::Health(grpc::CallbackServerContext* context,
                                               const google::protobuf::Empty*,
                                               api::HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(Serving(response));
  return reactor;
}

grpc::Status JobsService::GetActiveQueues(grpc::ServerContext*, const api::GetActiveQueuesRequest*,
                                          api::GetActiveQueuesResponse* response) {
  for (const auto& [pool, queues] : cluster_.ActiveQueuesByPool()) {
    auto& entry = (*response->mutable_active_queues_by_pool())[pool];
    for (const std::string& queue : queues) entry.add_queues(queue);
  }
  return grpc::Status::OK;
}

grpc::Status NodeService::CancelOnNode(grpc::ServerContext*, const api::NodeCancelRequest* request,
                                       google::protobuf::Empty*) {
  return cluster_.CancelOnNode(*request);
}

grpc::Status NodeService::PreemptOnNode(grpc::ServerContext*,
                                        const api::NodePreemptRequest* request,
                                        google::protobuf::Empty*) {
  return cluster_.PreemptOnNode(*request);
}

}  // namespace armada::localstack
