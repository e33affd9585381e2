// Armada's public gRPC API over the localstack: api.Submit, api.QueueService
// and api.Event, served by SubmitService, QueueService and EventService.
//
// Contract: queue calls behave the same on api.Submit and api.QueueService;
// DeleteQueue deletes a queue whatever its jobs are doing, as Armada's server
// does. GetJobSetEvents sends the job set's events after from_message_id;
// with watch it keeps the stream open and sends new events as they come
// until the client leaves or the server stops (then UNAVAILABLE, so clients
// resume); with errorIfMissing an unknown job set is NOT_FOUND; an unknown
// message id is INVALID_ARGUMENT. The deprecated Watch is GetJobSetEvents
// with watch and errorIfMissing (internal/server/event/event.go@v0.22.7, the
// same at v0.20.40). Event streams hold no thread (see event_stream.h).
// Health is SERVING on both services. api.Jobs is jobs_service.h; api.Node
// cancels or preempts the jobs on the cluster's node (see Cluster).
// QueueService's CancelOnQueue and PreemptOnQueue act on the queue's jobs (see
// Cluster). As Armada (internal/server/{queue,event}/@v0.22.7): DeleteQueue of
// a queue that does not exist is OK; GetJobSetEvents on one is NOT_FOUND.
// Every call asks the Authorizer first (authorization.h), after the request's
// own checks where Armada's handler validates first; a queue created without
// user owners is owned by its creator, and a queue is stored and returned as
// Armada's queue repository holds it (queue_shape.h): owners become
// permissions.
#pragma once

#include <atomic>
#include <memory>

#include "api/event.grpc.pb.h"
#include "api/node.grpc.pb.h"
#include "api/submit.grpc.pb.h"
#include "localstack/config/faults.h"
#include "localstack/control/cluster.h"
#include "localstack/control/event_log.h"
#include "localstack/control/queue_store.h"
#include "localstack/control/retry_policies.h"
#include "localstack/server/authorization.h"
#include "localstack/server/event_stream.h"

namespace armada::localstack {

// What queue writes need besides the store: the Armada answered as
// (queue_shape.h) and the retry policies a v0.22.7 queue may name.
struct QueueWrites {
  ArmadaGeneration generation;
  const RetryPolicies& policies;
};

class SubmitService final : public api::Submit::Service {
 public:
  // Of `faults`, only reject_submit_every matters here.
  SubmitService(Cluster& cluster, QueueStore& queues, const RetryPolicies& policies,
                const FaultConfig& faults, const Authorizer& authorizer)
      : cluster_(cluster),
        queues_(queues),
        writes_{cluster.generation(), policies},
        reject_submit_every_(faults.reject_submit_every),
        authorizer_(authorizer) {}

  grpc::Status SubmitJobs(grpc::ServerContext*, const api::JobSubmitRequest* request,
                          api::JobSubmitResponse* response) override;
  grpc::Status CancelJobs(grpc::ServerContext*, const api::JobCancelRequest* request,
                          api::CancellationResult* response) override;
  grpc::Status CancelJobSet(grpc::ServerContext*, const api::JobSetCancelRequest* request,
                            google::protobuf::Empty*) override;
  grpc::Status ReprioritizeJobs(grpc::ServerContext*, const api::JobReprioritizeRequest* request,
                                api::JobReprioritizeResponse* response) override;
  grpc::Status PreemptJobs(grpc::ServerContext*, const api::JobPreemptRequest* request,
                           api::PreemptionResult* response) override;
  grpc::Status CreateQueue(grpc::ServerContext*, const api::Queue* request,
                           google::protobuf::Empty*) override;
  grpc::Status CreateQueues(grpc::ServerContext*, const api::QueueList* request,
                            api::BatchQueueCreateResponse* response) override;
  grpc::Status UpdateQueue(grpc::ServerContext*, const api::Queue* request,
                           google::protobuf::Empty*) override;
  grpc::Status UpdateQueues(grpc::ServerContext*, const api::QueueList* request,
                            api::BatchQueueUpdateResponse* response) override;
  grpc::Status DeleteQueue(grpc::ServerContext*, const api::QueueDeleteRequest* request,
                           google::protobuf::Empty*) override;
  grpc::Status GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                        api::Queue* response) override;
  grpc::Status GetQueues(grpc::ServerContext*, const api::StreamingQueueGetRequest* request,
                         grpc::ServerWriter<api::StreamingQueueMessage>* writer) override;
  grpc::Status Health(grpc::ServerContext*, const google::protobuf::Empty*,
                      api::HealthCheckResponse* response) override;

 private:
  Cluster& cluster_;
  QueueStore& queues_;
  const QueueWrites writes_;
  const int reject_submit_every_;
  const Authorizer& authorizer_;
  std::atomic<int64_t> submit_calls_{0};
};

class QueueService final : public api::QueueService::Service {
 public:
  QueueService(QueueStore& queues, Cluster& cluster, const RetryPolicies& policies,
               const Authorizer& authorizer)
      : queues_(queues),
        cluster_(cluster),
        writes_{cluster.generation(), policies},
        authorizer_(authorizer) {}

  grpc::Status CreateQueue(grpc::ServerContext*, const api::Queue* request,
                           google::protobuf::Empty*) override;
  grpc::Status CreateQueues(grpc::ServerContext*, const api::QueueList* request,
                            api::BatchQueueCreateResponse* response) override;
  grpc::Status UpdateQueue(grpc::ServerContext*, const api::Queue* request,
                           google::protobuf::Empty*) override;
  grpc::Status UpdateQueues(grpc::ServerContext*, const api::QueueList* request,
                            api::BatchQueueUpdateResponse* response) override;
  grpc::Status DeleteQueue(grpc::ServerContext*, const api::QueueDeleteRequest* request,
                           google::protobuf::Empty*) override;
  grpc::Status GetQueue(grpc::ServerContext*, const api::QueueGetRequest* request,
                        api::Queue* response) override;
  grpc::Status GetQueues(grpc::ServerContext*, const api::StreamingQueueGetRequest* request,
                         grpc::ServerWriter<api::StreamingQueueMessage>* writer) override;
  grpc::Status CordonQueue(grpc::ServerContext*, const api::QueueCordonRequest* request,
                           google::protobuf::Empty*) override;
  grpc::Status UncordonQueue(grpc::ServerContext*, const api::QueueUncordonRequest* request,
                             google::protobuf::Empty*) override;
  grpc::Status CancelOnQueue(grpc::ServerContext*, const api::QueueCancelRequest* request,
                             google::protobuf::Empty*) override;
  grpc::Status PreemptOnQueue(grpc::ServerContext*, const api::QueuePreemptRequest* request,
                              google::protobuf::Empty*) override;

 private:
  QueueStore& queues_;
  Cluster& cluster_;
  const QueueWrites writes_;
  const Authorizer& authorizer_;
};

class EventService final : public api::Event::CallbackService {
 public:
  EventService(EventLog& events, QueueStore& queues, const FaultConfig& faults,
               const Authorizer& authorizer)
      : queues_(queues), streams_(events, faults), authorizer_(authorizer) {}

  grpc::ServerWriteReactor<api::EventStreamMessage>* GetJobSetEvents(
      grpc::CallbackServerContext*, const api::JobSetRequest* request) override;
  grpc::ServerWriteReactor<api::EventStreamMessage>* Watch(
      grpc::CallbackServerContext* context, const api::WatchRequest* request) override;
  grpc::ServerUnaryReactor* Health(grpc::CallbackServerContext* context,
                                   const google::protobuf::Empty*,
                                   api::HealthCheckResponse* response) override;

  // Ends open streams with UNAVAILABLE; call before the server's Shutdown.
  void Shutdown() { streams_.Shutdown(); }
  size_t open_streams() const { return streams_.open_count(); }

 private:
  QueueStore& queues_;
  EventStreams streams_;
  const Authorizer& authorizer_;
};

class NodeService final : public api::Node::Service {
 public:
  NodeService(Cluster& cluster, const Authorizer& authorizer)
      : cluster_(cluster), authorizer_(authorizer) {}

  grpc::Status CancelOnNode(grpc::ServerContext*, const api::NodeCancelRequest* request,
                            google::protobuf::Empty*) override;
  grpc::Status PreemptOnNode(grpc::ServerContext*, const api::NodePreemptRequest* request,
                             google::protobuf::Empty*) override;

 private:
  Cluster& cluster_;
  const Authorizer& authorizer_;
};

}  // namespace armada::localstack
