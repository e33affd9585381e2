// The control plane: accepts jobs, queues and schedules them on its nodes,
// runs each job's pod on a thread of its own (a reused worker) through a
// PodRunner (the Executor in the server, a scripted one in tests), and
// writes every job's public events to the EventLog in the order Armada's
// event API shows them:
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
// namespaces, the nodes (nodes.h) with their labels, taints and capacity. A
// job is leased on the first node that accepts it (nodeSelector, taints) and
// has room, and its events name that node; a job no node can ever take (none
// accepts it, none is large enough, or it requests an extended resource such
// as nvidia.com/gpu, which no node offers) stays queued, and the server logs
// the warning `job ID<kFitsNoNodeWarning>WHY` (api/localstack_protocol.h).
// Jobs with Armada's gang annotations are leased all together or not at all
// (scheduler.h). An item that needs a Kubernetes API is refused at submit
// with INVALID_ARGUMENT carrying a google.rpc.ErrorInfo (reason
// NEEDS_KUBERNETES, metadata "field"); one whose limits the host cannot
// enforce (ClusterConfig::unenforced) with FAILED_PRECONDITION (NEEDS_ROOT).
//
// Contract: calls return a Status whose code is the one Armada answers with
// (server/rpc_status.h puts it on the wire); cancelling, preempting or reprioritizing a terminal
// or unknown job changes no job (a cancel by id still logs its `cancelling`, as Armada's does).
// Finished job sets are released as job_set_retention.h says; a job submitted again with a client
// id already seen in its queue (and not yet released) is not created again: the earlier job's id is
// returned.
//
// With a Store (--data-dir) every job's state is written through, and a new
// Cluster picks up where the last one stopped: queued jobs queue again, and a
// job that was leased or running when the server stopped gets a terminal
// failed event saying that armada-localstack restarted.
// Shutdown stops every pod at once and waits for their threads. Thread-safe.
#pragma once

#include <google/protobuf/arena.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/submit.pb.h"
#include "common/status.h"
#include "localstack/config/classifier.h"
#include "localstack/config/executor_config.h"
#include "localstack/config/faults.h"
#include "localstack/config/localstack_config.h"
#include "localstack/config/nodes.h"
#include "localstack/control/event_log.h"
#include "localstack/control/job_events.h"
#include "localstack/control/job_history.h"
#include "localstack/control/job_id.h"
#include "localstack/control/job_set_retention.h"
#include "localstack/control/queue_store.h"
#include "localstack/control/scheduler.h"
#include "localstack/control/store.h"
#include "localstack/control/unenforced_limits.h"
#include "localstack/pod/pod_runner.h"

namespace armada::localstack {

// Who the cluster is in events (from the executor config, see
// executor_config.h) and what it can hold.
struct ClusterConfig {
  std::string cluster_id;
  std::string pool;
  // Each node's capacity unless the settings give it one.
  Resources capacity;
  LocalstackSettings settings;
  RetentionConfig retention;
  // Only double_preempted matters here.
  FaultConfig faults;
  // The Armada whose answers differ by release (executor_config.h).
  ArmadaGeneration generation = ArmadaGeneration::kV0_20_40;
  // What the pod runner cannot enforce: a job needing it is refused at
  // submit (unenforced_limits.h). Nothing, unless the server says so.
  UnenforcedLimits unenforced;
};

// Armada's longest cancel or preempt reason from v0.22.3 on (MaxReasonBytes,
// internal/server/submit/validation/job_set.go@v0.22.7).
inline constexpr size_t kArmadaMaxReasonBytes = 50;

// Who makes a call, as the server authenticated them (server/callers.h).
// Armada's submit server owns a job by its submitter's name and groups and
// names the caller in the events it logs for a call (cancelling by id,
// preempting, reprioritizing); the events its scheduler logs afterwards
// (cancelled, preempted, reprioritized, a whole job set's cancelling, and
// all those of a queue's or node's cancel or preemption) name nobody: the
// API's events take the user of their sequence
// (internal/server/event/conversion/conversions.go@v0.22.7), which the
// scheduler leaves empty (internal/scheduler/scheduler.go@v0.22.7).
struct Requestor {
  std::string name = "anonymous";
  // Sorted; Armada lists them in its map's order.
  std::vector<std::string> groups = {"everyone"};
};

class Cluster {
 public:
  // All references, and `store` (may be null), must outlive the cluster.
  Cluster(ClusterConfig config, const Classifier& classifier, const PodRunner& pods,
          QueueStore& queues, EventLog& events, Store* store = nullptr);
  // Shuts down if not done yet.
  ~Cluster();

  // Answers as Armada's submit server does (internal/server/submit/submit.go
  // and validation/, @v0.22.7 and @v0.20.40): a queue that does not exist is
  // PERMISSION_DENIED "could not find queue"; then an empty job set, an item
  // without namespace or breaking the resource rules (job_spec.h) is
  // INVALID_ARGUMENT naming the field; all items or none are queued, each
  // with the defaults of localstack.yaml's defaultJobLimits filled in. A
  // cordoned queue takes jobs. No items: an empty answer.
  Status Submit(const api::JobSubmitRequest& request, api::JobSubmitResponse* response,
                const Requestor& by = Requestor());
  // The calls on jobs act only on jobs of the request's queue and job set.
  // Each refuses an empty queue or job set (INVALID_ARGUMENT, Armada's words)
  // and answers a queue that does not exist with UNKNOWN "could not find
  // queue"; at v0.22.7 a reason over kArmadaMaxReasonBytes is INVALID_ARGUMENT.
  // Cancel: by job_ids and job_id (cancelled_ids: each id asked, as Armada,
  // whatever became of it, and a `cancelling` event in the request's job set
  // for each, even one finished or unknown), or, with neither, the whole job
  // set (cancelled_ids: [""]; `cancelling` then `cancelled` for each of its
  // jobs not yet ended).
  Status Cancel(const api::JobCancelRequest& request, api::CancellationResult* result,
                const Requestor& by = Requestor());
  // Cancels a job set's jobs, only those in the filter's states when given
  // (PENDING only with RUNNING: UNKNOWN otherwise, as Armada).
  Status CancelJobSet(const api::JobSetCancelRequest& request, const Requestor& by = Requestor());
  // New priority for the given jobs (results: "" per id; events
  // reprioritizing, reprioritized), or the whole job set when job_ids is
  // empty (results: one "all jobs in job set X" entry; events: reprioritized).
  Status Reprioritize(const api::JobReprioritizeRequest& request,
                      api::JobReprioritizeResponse* response, const Requestor& by = Requestor());
  // Preempts the given leased or running jobs; a queued one gets its
  // `preempting` and stays queued. Results: "" per id. No ids: nothing.
  Status Preempt(const api::JobPreemptRequest& request, api::PreemptionResult* result,
                 const Requestor& by = Requestor());
  // The queues with a leased or running job, sorted, under the cluster's
  // pool; no entry when there are none (api.Jobs/GetActiveQueues, which in
  // Armada lists the queues of jobs with a leased, pending or running run).
  std::map<std::string, std::vector<std::string>> ActiveQueuesByPool() const;
  // Cancels or preempts the leased and running jobs on node `name` of
  // executor `executor` (api.Node), only those of `queues` and of
  // `priorityClasses` when they are given; jobs on the other nodes are not
  // touched. Both names are required (INVALID_ARGUMENT naming the field); an
  // unknown node or another executor holds no job of this cluster, so
  // nothing happens, as Armada accepts the request and acts on whatever runs
  // there.
  Status CancelOnNode(const api::NodeCancelRequest& request, const Requestor& by = Requestor());
  // QueueService's CancelOnQueue and PreemptOnQueue (queue_service.go@v0.22.7):
  // the jobs of queue `name` (it need not exist), only those of the given
  // priority classes, job states (cancel; each must be QUEUED, LEASED,
  // PENDING or RUNNING, else UNKNOWN) and pools when given; preempting
  // touches leased and running jobs only. An empty name is UNKNOWN.
  Status CancelOnQueue(const api::QueueCancelRequest& request, const Requestor& by = Requestor());
  Status PreemptOnQueue(const api::QueuePreemptRequest& request);
  // Call after queue `name` was cordoned, uncordoned or updated: a cordoned
  // queue's queued jobs stay queued, as Armada's scheduler leaves them, and
  // are scheduled again once it is uncordoned.
  void QueueCordonChanged(const std::string& name);
  Status PreemptOnNode(const api::NodePreemptRequest& request);
  // Binoculars' Cordon (internal/binoculars/service/cordon.go@v0.22.7): node
  // `name` takes no more jobs, its running ones go on. A node this cluster
  // does not have is UNKNOWN "failed to cordon node NAME: nodes "NAME" not
  // found", the Kubernetes API's refusal wrapped as Armada wraps it.
  Status CordonNode(const std::string& name);
  // The namespace of the job's pod; "" for a job the cluster does not hold.
  std::string NamespaceOf(const std::string& job_id) const;
  // The Armada whose answers this cluster gives.
  ArmadaGeneration generation() const { return config_.generation; }

  // The query API's view of a job (job_history.h): its details, with its run
  // when `with_runs` and its spec (as submitted, at its current priority)
  // when `with_spec`, and its latest run's error in `error` (may be null);
  // false for an id the cluster does not hold (never submitted, or its job
  // set released, see job_set_retention.h).
  bool Describe(const std::string& job_id, bool with_runs, bool with_spec, api::JobDetails* details,
                std::string* error = nullptr) const;
  // The job whose run is `run_id`; "" when none is held.
  std::string JobOfRun(const std::string& run_id) const;
  // The jobs of `queue`'s `job_set` whose external job URI is `uri`: the
  // item's external_job_uri, else its annotation armadaproject.io/externalJobUri
  // (internal/lookoutingester/instructions/instructions.go@v0.22.7).
  std::vector<std::string> JobsWithExternalUri(const std::string& queue, const std::string& job_set,
                                               const std::string& uri) const;

  // The nodes jobs are scheduled on, in preference order.
  const std::vector<ClusterNode>& nodes() const { return nodes_; }

  // Stops every pod and waits for their threads; later calls do nothing.
  void Shutdown();

  // How many jobs the cluster holds, finished ones included (for tests of
  // bounded memory).
  size_t JobCount() const;

 private:
  enum class State { kQueued, kLeased, kRunning, kTerminal };
  // A finished job keeps only what the query API, Binoculars and the
  // release of its job set need: its spec is dropped (the submitted event
  // has it) and its history is compact.
  struct Job {
    JobRef ref;
    // Until the job is terminal (JobEndedLocked), in an arena of its own
    // (NewSpec): one block, freed at once, where the spec's many small
    // allocations would leave holes among what the finished jobs keep.
    std::unique_ptr<google::protobuf::Arena> spec_arena;
    api::Job* spec = nullptr;
    std::string client_id;
    // The message id of its submitted event in its job set's log.
    std::string submitted_id;
    State state = State::kQueued;
    PodRef pod;
    // Set while the job is leased or running.
    std::shared_ptr<PodControl> control;
    // Why a leased or running job is being stopped, and a preemption's reason.
    enum class Ending { kNone, kCancel, kPreempt, kShutdown } ending = Ending::kNone;
    std::string end_reason;
    // What the query API answers of it; written by Emit.
    JobHistory history;
    std::string external_job_uri;
  };

  // A new empty spec for `job`, and its end (see Job::spec).
  static api::Job* NewSpec(Job& job);
  static void DropSpec(Job& job);

  // Everything below with "Locked" expects mu_ held.
  // Loads the stored jobs; see the file comment.
  void RestoreLocked();
  // Puts a new job in jobs_ and its indexes.
  Job& HoldLocked(Job job);
  // Rebuilds the histories of a restored job set's jobs from its event log.
  void ReplayHistoriesLocked(const std::string& queue, const std::string& job_set);
  // Queues a job for the scheduler on the nodes that accept it; with none
  // it waits queued, as on a cluster with no matching node.
  void EnqueueLocked(const Job& job);
  // Writes the job's state through to the store, if any. REQUIRES: the job
  // still has its spec.
  void SaveLocked(const Job& job);
  // Logs the job's event and records it in the job's history. REQUIRES: a
  // leased event's job is held (in jobs_).
  void Emit(Job& job, api::EventMessage message);
  void ScheduleLocked();
  // Joins the workers that have ended.
  void JoinEndedWorkersLocked();
  // Hands the job's pod to an idle worker, or to a new one when none is idle.
  void StartPodLocked(const std::string& job_id);
  // A worker's life: runs queued pods until it has been idle for
  // kWorkerIdleTimeout or the cluster shuts down with no pod left queued.
  void Work(uint64_t key);
  void RunPod(const std::string& job_id);
  // Cancels a job that has not ended nor is ending; its `cancelling` first
  // unless `announced` (the caller emitted it).
  void CancelLocked(Job& job, const std::string& cancel_user, bool announced = false);
  // Records that `job` has just become terminal (and drops its spec); its job
  // set may now be finished. REQUIRES: called once per job, on its move to
  // kTerminal, after its last SaveLocked.
  void JobEndedLocked(Job& job);
  // Drops the finished job sets FinishedJobSets says to release.
  void ReleaseExpiredLocked();
  std::vector<Job*> JobSetLocked(const std::string& queue, const std::string& job_set);
  // The jobs of `ids` that are in `queue`'s `job_set`: Armada acts only where
  // all three match.
  std::vector<Job*> TargetsLocked(const std::vector<std::string>& ids, const std::string& queue,
                                  const std::string& job_set);
  // INVALID_ARGUMENT for a reason over kArmadaMaxReasonBytes at v0.22.7.
  Status CheckReason(const std::string& reason) const;
  // UNKNOWN "could not find queue" for a queue that does not exist.
  Status CheckQueueExists(const std::string& queue) const;
  static bool InStates(const Job& job, const google::protobuf::RepeatedField<int>& states);
  // The leased or running jobs a node request selects; INVALID_ARGUMENT
  // when name or executor is empty.
  Status OnNodeLocked(const std::string& name, const std::string& executor,
                      const google::protobuf::RepeatedPtrField<std::string>& queues,
                      const google::protobuf::RepeatedPtrField<std::string>& classes,
                      std::vector<Job*>* targets);
  void PreemptLocked(Job& job, const std::string& reason, const std::string& requestor);
  // The non-terminal jobs of `queue` in `classes` (all when empty), when the
  // cluster's pool is in `pools` (or `pools` is empty).
  std::vector<Job*> OnQueueLocked(const std::string& queue,
                                  const google::protobuf::RepeatedPtrField<std::string>& classes,
                                  const google::protobuf::RepeatedPtrField<std::string>& pools);

  const ClusterConfig config_;
  const Classifier& classifier_;
  const PodRunner& pods_;
  QueueStore& queues_;
  EventLog& events_;
  Store* const store_;
  const std::vector<ClusterNode> nodes_;
  JobIdGenerator ids_;

  mutable std::mutex mu_;
  bool shut_down_ = false;
  Scheduler scheduler_;
  // The indexes below point into these jobs (std::map nodes never move) and
  // their keys view the jobs' own strings, so a job's ids are not copied once
  // per index; a released job leaves them before it leaves jobs_.
  std::map<std::string, Job> jobs_;
  // Queued jobs of cordoned queues, kept out of the scheduler.
  std::set<std::string> held_;
  // (queue, client id) of each held job that has one.
  std::map<std::pair<std::string_view, std::string_view>, const Job*> by_client_id_;
  // Each held job's run id (GetJobRunDetails).
  std::map<std::string_view, const Job*> job_by_run_;
  FinishedJobSets finished_job_sets_;
  // Jobs not yet terminal per (queue, job set): a job's end finishes its set
  // without a walk over every job of the server (which made a job set of N
  // jobs cost N^2 steps).
  std::map<std::pair<std::string, std::string>, size_t> unfinished_;
  // Each (queue, job set)'s jobs in submission order, so a request about
  // one job set reads that set, not every job the server keeps (a test's
  // cancel took 30 ms beside a retained 100 000-job set).
  std::map<std::pair<std::string, std::string>, std::vector<Job*>> jobs_by_set_;
  // Pods run on reused worker threads: a thread started and ended per pod
  // cost the server a clone, page faults on a fresh stack and, at the
  // thread's exit, an madvise of that stack (about a fifth of its own CPU
  // per job). Each pod queued in pods_to_run_ has an idle worker or a new one
  // to take it (StartPodLocked). A worker idle for a while ends and puts its
  // key in ended_workers_ as the last thing it does under mu_; the next
  // ScheduleLocked joins it, so a long-lived server keeps threads for the
  // pods it runs now, not for the most it ever ran at once.
  std::condition_variable work_cv_;
  std::deque<std::string> pods_to_run_;
  std::map<uint64_t, std::thread> workers_;
  uint64_t next_worker_ = 0;
  // Workers waiting for a pod.
  size_t idle_workers_ = 0;
  std::vector<uint64_t> ended_workers_;
};

}  // namespace armada::localstack
