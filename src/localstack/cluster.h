// The single-node control plane: accepts jobs, queues and schedules them,
// runs each job's pod on a thread of its own through a PodRunner (the
// Executor in the server, a scripted one in tests), and writes every job's
// public events to the EventLog in the order Armada's event API shows them:
//
//   submitted, queued, leased, pending, running, then one of
//   succeeded | failed | cancelling..cancelled | preempting..preempted, failed
//
// (a job cancelled while queued goes queued -> cancelling -> cancelled; one
// whose pod cannot be created (pod_admission.h) goes leased -> failed; one
// whose containers never start, an unknown image among them, skips running;
// reprioritizing/reprioritized may come in between for a job that is not yet
// terminal).
//
// What a cluster would know comes from ClusterConfig::settings: images,
// namespaces, the node's labels and taints (a job the node does not accept
// stays queued). Jobs with Armada's gang annotations are leased all together
// or not at all (scheduler.h). An item that needs a Kubernetes API is refused
// at submit with INVALID_ARGUMENT carrying a google.rpc.ErrorInfo (reason
// NEEDS_KUBERNETES, metadata "field").
//
// Contract: calls return grpc::Status because every caller is an RPC;
// cancelling, preempting or reprioritizing a terminal job is a no-op.
// Shutdown stops every pod at once and waits for their threads. Thread-safe.
#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/event.pb.h"
#include "api/submit.pb.h"
#include "localstack/classifier.h"
#include "localstack/event_log.h"
#include "localstack/job_events.h"
#include "localstack/job_id.h"
#include "localstack/localstack_config.h"
#include "localstack/pod_runner.h"
#include "localstack/queue_store.h"
#include "localstack/scheduler.h"

namespace armada::localstack {

// Who the cluster is in events (from the executor config, see
// executor_config.h) and what it can hold.
struct ClusterConfig {
  std::string cluster_id;
  std::string pool;
  std::string node_name;
  Resources capacity;
  LocalstackSettings settings;
};

class Cluster {
 public:
  // All references must outlive the cluster.
  Cluster(ClusterConfig config, const Classifier& classifier, const PodRunner& pods,
          QueueStore& queues, EventLog& events);
  // Shuts down if not done yet.
  ~Cluster();

  // Validates and queues every item (all or none); NOT_FOUND for a missing
  // queue, INVALID_ARGUMENT naming the field for a bad item.
  grpc::Status Submit(const api::JobSubmitRequest& request, api::JobSubmitResponse* response);
  // Cancels by job_id, job_ids, or a whole job set (job_set_id + queue).
  grpc::Status Cancel(const api::JobCancelRequest& request, api::CancellationResult* result);
  // Cancels a job set's jobs, only those in the filter's states when given.
  grpc::Status CancelJobSet(const api::JobSetCancelRequest& request);
  // New priority for the given jobs, or the whole job set when job_ids is empty.
  grpc::Status Reprioritize(const api::JobReprioritizeRequest& request,
                            api::JobReprioritizeResponse* response);
  // Preempts leased or running jobs; results map each id to "" or an error.
  grpc::Status Preempt(const api::JobPreemptRequest& request, api::PreemptionResult* result);
  // Whether a queue still has jobs that are not terminal.
  bool HasActiveJobs(const std::string& queue) const;

  // Stops every pod and waits for their threads; later calls do nothing.
  void Shutdown();

 private:
  enum class State { kQueued, kLeased, kRunning, kTerminal };
  struct Job {
    JobRef ref;
    api::Job spec;
    State state = State::kQueued;
    PodRef pod;
    // Set while the job is leased or running.
    std::shared_ptr<PodControl> control;
    // Why a leased or running job is being stopped.
    enum class Ending { kNone, kCancel, kPreempt, kShutdown } ending = Ending::kNone;
    std::string requestor;
    std::string end_reason;
  };

  // Everything below with "Locked" expects mu_ held.
  void Emit(const Job& job, api::EventMessage message);
  void ScheduleLocked();
  void JoinFinishedLocked();
  void RunPod(const std::string& job_id);
  void CancelLocked(Job& job, const std::string& reason);
  std::vector<Job*> JobSetLocked(const std::string& queue, const std::string& job_set);
  // The jobs a request names: its ids when it gives any (unknown ones are
  // appended to *missing), else every job of the job set.
  std::vector<Job*> TargetsLocked(const std::vector<std::string>& ids, const std::string& queue,
                                  const std::string& job_set, std::vector<std::string>* missing);
  static bool InStates(const Job& job, const google::protobuf::RepeatedField<int>& states);

  const ClusterConfig config_;
  const Classifier& classifier_;
  const PodRunner& pods_;
  QueueStore& queues_;
  EventLog& events_;
  JobIdGenerator ids_;

  mutable std::mutex mu_;
  bool shut_down_ = false;
  Scheduler scheduler_;
  std::map<std::string, Job> jobs_;
  std::map<std::pair<std::string, std::string>, std::string> by_client_id_;
  // One thread per started pod. A thread puts its job id in finished_ as the
  // last thing it does under mu_; the next ScheduleLocked joins it, so a
  // long-lived server does not keep the stack of every pod it ever ran.
  std::map<std::string, std::thread> runners_;
  std::vector<std::string> finished_;
};

}  // namespace armada::localstack
