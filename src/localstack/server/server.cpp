#include "localstack/server/server.h"

#include "localstack/server/queue_shape.h"
#include "localstack/server/request_checks.h"
#include "localstack/server/rpc_status.h"

namespace armada::localstack {
namespace {

// The queue calls, shared by api.Submit and api.QueueService; `caller` is
// the call's context, which the Authorizer asks who calls.
using Caller = grpc::ServerContextBase;

// At v0.22.7 a queue may name only retry policies that exist
// (ErrUnknownRetryPolicies, internal/server/queue/queue_repository.go@v0.22.7);
// `verb` is "creating" or "updating", as Armada's message words it.
Status CheckRetryPolicies(const QueueWrites& writes, const api::Queue& queue,
                          const std::string& verb) {
  if (writes.generation != ArmadaGeneration::kV0_22_7) return Status();
  const auto missing = writes.policies.Missing(queue.retry_policies());
  if (missing.empty()) return Status();
  std::string names;
  for (const auto& name : missing) names += (names.empty() ? "\"" : ", \"") + name + "\"";
  return Status::InvalidArgument("error " + verb + " queue: retry policies do not exist: " + names);
}

// Armada's CreateQueue: the creator owns a queue given no user owners; the
// queue is stored as Armada stores it (queue_shape.h).
Status CreateQueue(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                   const QueueWrites& writes, api::Queue queue, const std::string& field = "") {
  const auto principal = authorizer.Check(caller, Rpc::kCreateQueue, queue.name());
  if (!principal.ok()) return principal.status();
  if (Status s = CheckQueue(queue, field); !s.ok()) return s;
  if (queue.user_owners().empty()) queue.add_user_owners(principal->name);
  if (!queues.Exists(queue.name())) {
    if (Status s = CheckRetryPolicies(writes, queue, "creating"); !s.ok()) return s;
  }
  return queues.Create(ArmadaShape(queue, writes.generation));
}

Status UpdateQueue(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                   const QueueWrites& writes, const api::Queue& queue,
                   const std::string& field = "") {
  if (Status s = authorizer.Check(caller, Rpc::kUpdateQueue, queue.name()).status(); !s.ok())
    return s;
  if (Status s = CheckQueue(queue, field); !s.ok()) return s;
  if (queues.Exists(queue.name())) {
    if (Status s = CheckRetryPolicies(writes, queue, "updating"); !s.ok()) return s;
  }
  return queues.Update(ArmadaShape(queue, writes.generation));
}

Status GetQueue(QueueStore& queues, const std::string& name, api::Queue* out) {
  if (Status s = CheckName(name, "name"); !s.ok()) return s;
  return queues.Get(name, out);
}

Status DeleteQueue(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                   const std::string& name) {
  if (Status s = authorizer.Check(caller, Rpc::kDeleteQueue, name).status(); !s.ok()) return s;
  if (Status s = CheckName(name, "name"); !s.ok()) return s;
  // As Armada's server: its queue's jobs, finished or not, do not stop it
  // (upstream queue/active_list_1x1 deletes a queue whose job still runs),
  // and a queue that does not exist is deleted all the same
  // (internal/server/queue/queue_service.go@v0.22.7).
  const Status deleted = queues.Delete(name);
  return deleted.code() == StatusCode::kNotFound ? Status() : deleted;
}

Status CreateQueues(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                    const QueueWrites& writes, const api::QueueList& list,
                    api::BatchQueueCreateResponse* response) {
  for (int i = 0; i < list.queues_size(); ++i) {
    const api::Queue& queue = list.queues(i);
    Status s =
        CreateQueue(authorizer, caller, queues, writes, queue, "queues[" + std::to_string(i) + "]");
    if (s.ok()) continue;
    auto* failed = response->add_failed_queues();
    *failed->mutable_queue() = queue;
    failed->set_error(s.message());
  }
  return Status();
}

Status UpdateQueues(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                    const QueueWrites& writes, const api::QueueList& list,
                    api::BatchQueueUpdateResponse* response) {
  for (int i = 0; i < list.queues_size(); ++i) {
    const api::Queue& queue = list.queues(i);
    Status s =
        UpdateQueue(authorizer, caller, queues, writes, queue, "queues[" + std::to_string(i) + "]");
    if (s.ok()) continue;
    auto* failed = response->add_failed_queues();
    *failed->mutable_queue() = queue;
    failed->set_error(s.message());
  }
  return Status();
}

Status StreamQueues(QueueStore& queues, uint32_t limit,
                    grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  for (const auto& queue : queues.List(limit)) {
    api::StreamingQueueMessage message;
    *message.mutable_queue() = queue;
    if (!writer->Write(message)) return Status();
  }
  api::StreamingQueueMessage end;
  end.mutable_end();
  writer->Write(end);
  return Status();
}

Status SetCordoned(const Authorizer& authorizer, const Caller& caller, QueueStore& queues,
                   const std::string& name, bool cordoned) {
  const Rpc rpc = cordoned ? Rpc::kCordonQueue : Rpc::kUncordonQueue;
  if (Status s = authorizer.Check(caller, rpc, name).status(); !s.ok()) return s;
  api::Queue queue;
  if (Status s = GetQueue(queues, name, &queue); !s.ok()) return s;
  queue.set_cordoned(cordoned);
  return queues.Update(queue);
}

// The caller as the Cluster names them in jobs and events.
Requestor RequestorOf(const Principal& principal) {
  return {principal.name, {principal.groups.begin(), principal.groups.end()}};
}

Status Serving(api::HealthCheckResponse* response) {
  response->set_status(api::HealthCheckResponse::SERVING);
  return Status();
}

}  // namespace

grpc::Status SubmitService::SubmitJobs(grpc::ServerContext* context,
                                       const api::JobSubmitRequest* request,
                                       api::JobSubmitResponse* response) {
  // Armada authorizes a submission before it validates it.
  const auto caller = authorizer_.Check(*context, Rpc::kSubmitJobs, request->queue());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (Status s = CheckRequest(*request); !s.ok()) return ToGrpcStatus(s);
  const int64_t call = ++submit_calls_;
  Status status = cluster_.Submit(*request, response, RequestorOf(*caller));
  if (status.ok() && reject_submit_every_ > 0 && call % reject_submit_every_ == 0) {
    response->Clear();
    return ToGrpcStatus(Status::Unavailable(
        "submission stored, but answered UNAVAILABLE on purpose (--fault-reject-submit-every " +
        std::to_string(reject_submit_every_) + ")"));
  }
  return ToGrpcStatus(status);
}

grpc::Status SubmitService::CancelJobs(grpc::ServerContext* context,
                                       const api::JobCancelRequest* request,
                                       api::CancellationResult* response) {
  if (Status s = CheckRequest(*request); !s.ok()) return ToGrpcStatus(s);
  const auto caller = authorizer_.Check(*context, Rpc::kCancelJobs, request->queue());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.Cancel(*request, response, RequestorOf(*caller)));
}

grpc::Status SubmitService::CancelJobSet(grpc::ServerContext* context,
                                         const api::JobSetCancelRequest* request,
                                         google::protobuf::Empty*) {
  if (Status s = CheckRequest(*request); !s.ok()) return ToGrpcStatus(s);
  const auto caller = authorizer_.Check(*context, Rpc::kCancelJobSet, request->queue());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.CancelJobSet(*request, RequestorOf(*caller)));
}

grpc::Status SubmitService::ReprioritizeJobs(grpc::ServerContext* context,
                                             const api::JobReprioritizeRequest* request,
                                             api::JobReprioritizeResponse* response) {
  if (Status s = CheckRequest(*request); !s.ok()) return ToGrpcStatus(s);
  const auto caller = authorizer_.Check(*context, Rpc::kReprioritizeJobs, request->queue());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.Reprioritize(*request, response, RequestorOf(*caller)));
}

grpc::Status SubmitService::PreemptJobs(grpc::ServerContext* context,
                                        const api::JobPreemptRequest* request,
                                        api::PreemptionResult* response) {
  if (Status s = CheckRequest(*request); !s.ok()) return ToGrpcStatus(s);
  const auto caller = authorizer_.Check(*context, Rpc::kPreemptJobs, request->queue());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.Preempt(*request, response, RequestorOf(*caller)));
}

grpc::Status SubmitService::CreateQueue(grpc::ServerContext* context, const api::Queue* request,
                                        google::protobuf::Empty*) {
  return ToGrpcStatus(localstack::CreateQueue(authorizer_, *context, queues_, writes_, *request));
}

grpc::Status SubmitService::CreateQueues(grpc::ServerContext* context,
                                         const api::QueueList* request,
                                         api::BatchQueueCreateResponse* response) {
  return ToGrpcStatus(
      localstack::CreateQueues(authorizer_, *context, queues_, writes_, *request, response));
}

grpc::Status SubmitService::UpdateQueue(grpc::ServerContext* context, const api::Queue* request,
                                        google::protobuf::Empty*) {
  const Status s = localstack::UpdateQueue(authorizer_, *context, queues_, writes_, *request);
  if (s.ok()) cluster_.QueueCordonChanged(request->name());
  return ToGrpcStatus(s);
}

grpc::Status SubmitService::UpdateQueues(grpc::ServerContext* context,
                                         const api::QueueList* request,
                                         api::BatchQueueUpdateResponse* response) {
  const Status s =
      localstack::UpdateQueues(authorizer_, *context, queues_, writes_, *request, response);
  for (const auto& queue : request->queues()) cluster_.QueueCordonChanged(queue.name());
  return ToGrpcStatus(s);
}

grpc::Status SubmitService::DeleteQueue(grpc::ServerContext* context,
                                        const api::QueueDeleteRequest* request,
                                        google::protobuf::Empty*) {
  return ToGrpcStatus(localstack::DeleteQueue(authorizer_, *context, queues_, request->name()));
}

grpc::Status SubmitService::GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                                     api::Queue* response) {
  return ToGrpcStatus(localstack::GetQueue(queues_, request->name(), response));
}

grpc::Status SubmitService::GetQueues(grpc::ServerContext*,
                                      const api::StreamingQueueGetRequest* request,
                                      grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  return ToGrpcStatus(StreamQueues(queues_, request->num(), writer));
}

grpc::Status SubmitService::Health(grpc::ServerContext*, const google::protobuf::Empty*,
                                   api::HealthCheckResponse* response) {
  return ToGrpcStatus(Serving(response));
}

grpc::Status QueueService::CreateQueue(grpc::ServerContext* context, const api::Queue* request,
                                       google::protobuf::Empty*) {
  return ToGrpcStatus(localstack::CreateQueue(authorizer_, *context, queues_, writes_, *request));
}

grpc::Status QueueService::CreateQueues(grpc::ServerContext* context, const api::QueueList* request,
                                        api::BatchQueueCreateResponse* response) {
  return ToGrpcStatus(
      localstack::CreateQueues(authorizer_, *context, queues_, writes_, *request, response));
}

grpc::Status QueueService::UpdateQueue(grpc::ServerContext* context, const api::Queue* request,
                                       google::protobuf::Empty*) {
  const Status s = localstack::UpdateQueue(authorizer_, *context, queues_, writes_, *request);
  if (s.ok()) cluster_.QueueCordonChanged(request->name());
  return ToGrpcStatus(s);
}

grpc::Status QueueService::UpdateQueues(grpc::ServerContext* context, const api::QueueList* request,
                                        api::BatchQueueUpdateResponse* response) {
  const Status s =
      localstack::UpdateQueues(authorizer_, *context, queues_, writes_, *request, response);
  for (const auto& queue : request->queues()) cluster_.QueueCordonChanged(queue.name());
  return ToGrpcStatus(s);
}

grpc::Status QueueService::DeleteQueue(grpc::ServerContext* context,
                                       const api::QueueDeleteRequest* request,
                                       google::protobuf::Empty*) {
  return ToGrpcStatus(localstack::DeleteQueue(authorizer_, *context, queues_, request->name()));
}

grpc::Status QueueService::GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                                    api::Queue* response) {
  return ToGrpcStatus(localstack::GetQueue(queues_, request->name(), response));
}

grpc::Status QueueService::GetQueues(grpc::ServerContext*,
                                     const api::StreamingQueueGetRequest* request,
                                     grpc::ServerWriter<api::StreamingQueueMessage>* writer) {
  return ToGrpcStatus(StreamQueues(queues_, request->num(), writer));
}

grpc::Status QueueService::CordonQueue(grpc::ServerContext* context,
                                       const api::QueueCordonRequest* request,
                                       google::protobuf::Empty*) {
  const Status s = SetCordoned(authorizer_, *context, queues_, request->name(), true);
  if (s.ok()) cluster_.QueueCordonChanged(request->name());
  return ToGrpcStatus(s);
}

grpc::Status QueueService::UncordonQueue(grpc::ServerContext* context,
                                         const api::QueueUncordonRequest* request,
                                         google::protobuf::Empty*) {
  const Status s = SetCordoned(authorizer_, *context, queues_, request->name(), false);
  if (s.ok()) cluster_.QueueCordonChanged(request->name());
  return ToGrpcStatus(s);
}

// As Armada's job-set actions: the verb on the queue, or the global permission.
grpc::Status QueueService::CancelOnQueue(grpc::ServerContext* context,
                                         const api::QueueCancelRequest* request,
                                         google::protobuf::Empty*) {
  const auto caller = authorizer_.Check(*context, Rpc::kCancelJobSet, request->name());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.CancelOnQueue(*request, RequestorOf(*caller)));
}

grpc::Status QueueService::PreemptOnQueue(grpc::ServerContext* context,
                                          const api::QueuePreemptRequest* request,
                                          google::protobuf::Empty*) {
  Status s = authorizer_.Check(*context, Rpc::kPreemptJobs, request->name()).status();
  if (s.ok()) s = cluster_.PreemptOnQueue(*request);
  return ToGrpcStatus(s);
}

grpc::ServerWriteReactor<api::EventStreamMessage>* EventService::GetJobSetEvents(
    grpc::CallbackServerContext* context, const api::JobSetRequest* request) {
  Status status = CheckRequest(*request);
  api::Queue queue;
  if (status.ok() && !queues_.Get(request->queue(), &queue).ok()) {
    // Armada's words (internal/server/event/event.go@v0.22.7).
    status = Status::NotFound("[GetJobSetEvents] Queue " + request->queue() + " does not exist");
  }
  if (status.ok()) {
    status = authorizer_.Check(*context, Rpc::kGetJobSetEvents, request->queue(), request->id())
                 .status();
  }
  return streams_.Open(*request, ToGrpcStatus(status));
}

grpc::ServerWriteReactor<api::EventStreamMessage>* EventService::Watch(
    grpc::CallbackServerContext* context, const api::WatchRequest* request) {
  api::JobSetRequest job_set;
  job_set.set_id(request->job_set_id());
  job_set.set_watch(true);
  job_set.set_from_message_id(request->from_id());
  job_set.set_queue(request->queue());
  job_set.set_errorifmissing(true);
  return GetJobSetEvents(context, &job_set);
}

grpc::ServerUnaryReactor* EventService::Health(grpc::CallbackServerContext* context,
                                               const google::protobuf::Empty*,
                                               api::HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(Serving(response)));
  return reactor;
}

grpc::Status NodeService::CancelOnNode(grpc::ServerContext* context,
                                       const api::NodeCancelRequest* request,
                                       google::protobuf::Empty*) {
  const auto caller = authorizer_.Check(*context, Rpc::kCancelOnNode, request->name());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(cluster_.CancelOnNode(*request, RequestorOf(*caller)));
}

grpc::Status NodeService::PreemptOnNode(grpc::ServerContext* context,
                                        const api::NodePreemptRequest* request,
                                        google::protobuf::Empty*) {
  if (Status s = authorizer_.Check(*context, Rpc::kPreemptOnNode, request->name()).status();
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(cluster_.PreemptOnNode(*request));
}

}  // namespace armada::localstack
