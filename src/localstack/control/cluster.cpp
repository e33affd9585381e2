#include "localstack/control/cluster.h"

#include <google/protobuf/util/time_util.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "api/event_names.h"
#include "api/localstack_protocol.h"
#include "common/quantity.h"
#include "localstack/config/default_job_limits.h"
#include "localstack/config/submission_defaults.h"
#include "localstack/control/pod_admission.h"
#include "localstack/pod/host_path_policy.h"
#include "localstack/pod/job_spec.h"
#include "localstack/pod/pod_bounds.h"

// The submitted Job carries the deprecated pod_spec when the client used it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {
namespace {

// The requestor of the events Armada's scheduler logs (cluster.h, Requestor).
constexpr char kScheduler[] = "";
// How long a pod worker waits for another pod before it ends.
constexpr auto kWorkerIdleTimeout = std::chrono::seconds(10);

Status Invalid(const std::string& message) { return Status::InvalidArgument(message); }

// The field first, else the legacy annotation (ExternalJobUriAnnotation,
// internal/common/constants/constants.go@v0.22.7).
std::string ExternalJobUri(const std::string& field,
                           const google::protobuf::Map<std::string, std::string>& annotations) {
  if (!field.empty()) return field;
  const auto it = annotations.find("armadaproject.io/externalJobUri");
  return it == annotations.end() ? "" : it->second;
}

// INVALID_ARGUMENT with a machine-readable reason, so a client can tell "run
// this on Kubernetes" from a mistake in the request.
Status NeedsKubernetesStatus(const KubernetesNeed& need) {
  return Status::InvalidArgument(need.field + ": " + need.message)
      .WithReason(kNeedsKubernetesReason, {{"field", need.field}});
}

// Armada's words for a queue its queue cache does not hold (ErrQueueNotFound,
// internal/server/queue/queue_repository.go@v0.22.7, the same at v0.20.40).
std::string QueueNotFound(const std::string& name) {
  return "could not find queue \"" + name + "\"";
}

// Armada's refusal of an empty queue or job set in a job-set call
// (ValidateQueueAndJobSet, internal/server/submit/validation/job_set.go@v0.22.7).
Status CheckQueueAndJobSet(const std::string& queue, const std::string& job_set) {
  if (queue.empty())
    return Invalid("value \"\" is invalid for field \"Queue\": queue cannot be empty");
  if (job_set.empty()) {
    return Invalid("value \"\" is invalid for field \"JobSetId\": jobset cannot be empty");
  }
  return Status();
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

constexpr char kGangIdAnnotation[] = "armadaproject.io/gangId";
constexpr char kGangCardinalityAnnotation[] = "armadaproject.io/gangCardinality";

// The item's gang, or an error naming the annotation.
StatusOr<Gang> GangOf(const google::protobuf::Map<std::string, std::string>& annotations,
                      const std::string& queue, const std::string& field) {
  const auto id = annotations.find(kGangIdAnnotation);
  const auto cardinality = annotations.find(kGangCardinalityAnnotation);
  if (id == annotations.end()) return Gang{};
  const std::string where = field + ".annotations[" + kGangCardinalityAnnotation + "]";
  if (cardinality == annotations.end()) {
    return Status::Error(where + ": required with " + kGangIdAnnotation);
  }
  int count = 0;
  const std::string& text = cardinality->second;
  if (text.empty() || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos || (count = std::stoi(text)) < 1) {
    return Status::Error(where + ": \"" + text + "\" is not a positive integer");
  }
  // Gang ids are the queue's: the same id in two queues is two gangs.
  return Gang{queue + "/" + id->second, count};
}

// Points `key` at `job` in an index whose keys view the jobs' own strings:
// an entry another job left is replaced whole, so no key outlives its job.
template <typename Index>
void Point(Index& index, const typename Index::key_type& key, typename Index::mapped_type job) {
  index.erase(key);
  index.emplace(key, job);
}

// Removes `key` from such an index when it points at `job`.
template <typename Index>
void Unpoint(Index& index, const typename Index::key_type& key, typename Index::mapped_type job) {
  const auto it = index.find(key);
  if (it != index.end() && it->second == job) index.erase(it);
}

std::vector<NodeResources> ResourcesOf(const std::vector<ClusterNode>& nodes) {
  std::vector<NodeResources> out;
  for (const ClusterNode& node : nodes) out.push_back({node.name, node.capacity});
  return out;
}

}  // namespace

Cluster::Cluster(ClusterConfig config, const Classifier& classifier, const PodRunner& pods,
                 QueueStore& queues, EventLog& events, Store* store)
    : config_(std::move(config)),
      classifier_(classifier),
      pods_(pods),
      queues_(queues),
      events_(events),
      store_(store),
      nodes_(ClusterNodes(config_.settings, config_.cluster_id, config_.capacity)),
      scheduler_(ResourcesOf(nodes_)),
      finished_job_sets_(config_.retention) {
  if (store_ == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  RestoreLocked();
}

void Cluster::ReplayHistoriesLocked(const std::string& queue, const std::string& job_set) {
  auto logged = events_.Read(queue, job_set, "");
  if (!logged.ok()) return;
  const auto jobs = jobs_by_set_.find({queue, job_set});
  if (jobs == jobs_by_set_.end()) return;
  for (Job* job : jobs->second) job->history = JobHistory();
  for (LoggedEvent& entry : *logged) {
    const auto it = jobs_.find(JobIdOf(entry.message));
    if (it == jobs_.end()) continue;
    Job& job = it->second;
    job.history.Record(entry.message);
    if (entry.message.has_leased()) Point(job_by_run_, job.pod.run_id, &job);
    if (entry.message.has_submitted()) job.submitted_id = std::move(entry.id);
  }
}

Cluster::Job& Cluster::HoldLocked(Job job) {
  const std::string id = job.ref.job_id;
  Job& held = jobs_.emplace(id, std::move(job)).first->second;
  if (!held.client_id.empty()) Point(by_client_id_, {held.ref.queue, held.client_id}, &held);
  jobs_by_set_[{held.ref.queue, held.ref.job_set_id}].push_back(&held);
  return held;
}

void Cluster::RestoreLocked() {
  auto stored = store_->LoadJobs();
  if (!stored.ok()) {
    spdlog::error("{}", stored.status().message());
    return;
  }
  std::set<std::pair<std::string, std::string>> job_sets;
  std::vector<std::pair<std::string, std::string>> cancel_users;  // job id, who; no event says it
  for (StoredJob& saved : *stored) {
    if (!saved.cancel_user.empty()) cancel_users.emplace_back(saved.spec.id(), saved.cancel_user);
    Job job;
    job.ref = {saved.spec.id(), saved.spec.job_set_id(), saved.spec.queue()};
    job.client_id = saved.spec.client_id();
    *NewSpec(job) = std::move(saved.spec);
    job.pod = std::move(saved.pod);
    job.state = static_cast<State>(saved.state);
    job.external_job_uri = ExternalJobUri("", job.spec->annotations());
    if (job.state == State::kQueued) {
      EnqueueLocked(job);
    } else if (job.state != State::kTerminal) {
      const std::string was = job.state == State::kLeased ? "leased" : "running";
      job.state = State::kTerminal;
      Emit(job, FailedEvent(job.ref, job.pod,
                            "armada-localstack restarted while the job was " + was +
                                "; its pod was stopped"));
      SaveLocked(job);
    }
    if (job.state == State::kTerminal) DropSpec(job);
    job_sets.emplace(job.ref.queue, job.ref.job_set_id);
    if (job.state != State::kTerminal) ++unfinished_[{job.ref.queue, job.ref.job_set_id}];
    HoldLocked(std::move(job));
  }
  for (const auto& key : job_sets) {
    if (unfinished_.count(key) == 0)
      finished_job_sets_.Finished(key, FinishedJobSets::Clock::now());
    ReplayHistoriesLocked(key.first, key.second);
  }
  for (const auto& [job_id, user] : cancel_users) jobs_.at(job_id).history.CancelRequestedBy(user);
  ReleaseExpiredLocked();
  ScheduleLocked();
}

void Cluster::EnqueueLocked(const Job& job) {
  const PodSpec& pod = PodSpecOf(*job.spec);
  const Resources request = PodRequest(pod);
  std::vector<std::string> accepting;
  bool any_accepts = false;
  for (const ClusterNode& node : nodes_) {
    if (!NodeAccepts(node.spec, pod)) continue;
    any_accepts = true;
    if (node.capacity.milli_cpu >= request.milli_cpu &&
        node.capacity.memory_bytes >= request.memory_bytes) {
      accepting.push_back(node.name);
    }
  }
  std::string why;
  if (const auto extended = ExtendedResources(pod); !extended.empty()) {
    why = "it requests " + Join(extended) + ", which no node offers";
  } else if (!any_accepts) {
    why =
        "no node's labels and taints accept it (its nodeSelector, node affinity and "
        "tolerations)";
  } else if (accepting.empty()) {
    why = "it requests " + std::to_string(request.milli_cpu) + "m cpu and " +
          HumanBytes(request.memory_bytes) + " of memory, more than any node that accepts it has";
  }
  if (!why.empty()) {
    // It stays queued, as on a cluster; Armada says nothing, so the runner
    // shows this line in the test's failure.
    spdlog::warn("job {}{}{}", job.ref.job_id, kFitsNoNodeWarning, why);
    return;
  }
  api::Queue queue;
  if (queues_.Get(job.ref.queue, &queue).ok() && queue.cordoned()) {
    held_.insert(job.ref.job_id);
    return;
  }
  // Submit checked the gang annotations; a restored job passed that check.
  auto gang = GangOf(job.spec->annotations(), job.ref.queue, "");
  scheduler_.Enqueue(job.ref.job_id, job.spec->priority(), request, std::move(accepting),
                     gang.ok() ? *gang : Gang{});
}

api::Job* Cluster::NewSpec(Job& job) {
  google::protobuf::ArenaOptions options;
  // A small job's whole spec fits the first block.
  options.start_block_size = 4096;
  job.spec_arena = std::make_unique<google::protobuf::Arena>(options);
  job.spec = google::protobuf::Arena::CreateMessage<api::Job>(job.spec_arena.get());
  return job.spec;
}

void Cluster::DropSpec(Job& job) {
  job.spec = nullptr;
  job.spec_arena.reset();
}

void Cluster::SaveLocked(const Job& job) {
  if (store_ == nullptr) return;
  const Status s =
      store_->PutJob({*job.spec, static_cast<int>(job.state), job.pod, job.history.cancel_user()});
  if (!s.ok()) spdlog::error("job {}: {}", job.ref.job_id, s.message());
}

Cluster::~Cluster() { Shutdown(); }

void Cluster::Emit(Job& job, api::EventMessage message) {
  job.history.Record(message);
  if (message.has_leased()) Point(job_by_run_, job.pod.run_id, &job);
  const bool submitted = message.has_submitted();
  std::string id = events_.Append(job.ref.queue, job.ref.job_set_id, std::move(message));
  if (submitted) job.submitted_id = std::move(id);
}

bool Cluster::Describe(const std::string& job_id, bool with_runs, bool with_spec,
                       api::JobDetails* details, std::string* error) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return false;
  const Job& job = it->second;
  *details = job.history.Details(job.ref, job.pod, with_runs);
  if (error != nullptr) *error = job.history.error();
  if (!with_spec) return true;
  // The job's spec is kept once, in its submitted event.
  auto submitted = events_.Get(job.ref.queue, job.ref.job_set_id, job.submitted_id);
  if (submitted.ok() && submitted->submitted().job_id() == job_id) {
    api::Job* spec = details->mutable_job_spec();
    spec->Swap(submitted->mutable_submitted()->mutable_job());
    spec->set_priority(job.history.priority());
  }
  return true;
}

Status Cluster::CordonNode(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!scheduler_.Cordon(name)) {
    return Status::Error("failed to cordon node " + name + ": nodes \"" + name + "\" not found");
  }
  spdlog::info("cordoned node {}", name);
  return Status();
}

std::string Cluster::NamespaceOf(const std::string& job_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = jobs_.find(job_id);
  return it == jobs_.end() ? "" : it->second.history.job_namespace();
}

std::string Cluster::JobOfRun(const std::string& run_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = job_by_run_.find(run_id);
  return it == job_by_run_.end() ? "" : it->second->ref.job_id;
}

std::vector<std::string> Cluster::JobsWithExternalUri(const std::string& queue,
                                                      const std::string& job_set,
                                                      const std::string& uri) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> found;
  const auto jobs = jobs_by_set_.find({queue, job_set});
  if (jobs == jobs_by_set_.end()) return found;
  for (const Job* job : jobs->second) {
    if (job->external_job_uri == uri) found.push_back(job->ref.job_id);
  }
  return found;
}

Status Cluster::Submit(const api::JobSubmitRequest& request, api::JobSubmitResponse* response,
                       const Requestor& by) {
  // Armada's order (SubmitJobs, internal/server/submit/submit.go@v0.22.7): the
  // queue first (its authorization: PERMISSION_DENIED when the queue cache
  // lacks it), then the request's checks. A cordoned queue takes jobs.
  api::Queue queue;
  if (request.queue().empty() || !queues_.Get(request.queue(), &queue).ok()) {
    return Status::Error(StatusCode::kPermissionDenied, QueueNotFound(request.queue()));
  }
  if (request.job_set_id().empty()) return Invalid("job_set_id: job set id is a required field");
  for (int i = 0; i < request.job_request_items_size(); ++i) {
    const std::string field = "job_request_items[" + std::to_string(i) + "]";
    const Status valid = ValidateSubmitItem(request.job_request_items(i), field);
    if (!valid.ok()) return Invalid(valid.message());
    // Bounds and the hostPath policy (pod_bounds.h, host_path_policy.h).
    const auto& item = request.job_request_items(i);
    if (Status s = CheckPodBounds(item, field); !s.ok()) return Invalid(s.message());
    if (Status s = CheckHostPaths(PodSpecOf(item), config_.settings.allowed_host_paths(),
                                  PodField(item, field));
        !s.ok()) {
      return Invalid(s.message());
    }
    if (auto need = NeedsKubernetes(request.job_request_items(i), field, config_.settings)) {
      return NeedsKubernetesStatus(*need);
    }
    if (auto refused = RefuseUnenforced(request.job_request_items(i), field, config_.unenforced)) {
      return *refused;
    }
    auto gang = GangOf(request.job_request_items(i).annotations(), request.queue(), field);
    if (!gang.ok()) return Invalid(gang.status().message());
  }
  const ResourceDefaults defaults = config_.settings.default_job_limits();
  std::lock_guard<std::mutex> lock(mu_);
  if (shut_down_) return Status::Unavailable("shutting down");
  for (const auto& item : request.job_request_items()) {
    if (!item.client_id().empty()) {
      const auto seen = by_client_id_.find({request.queue(), item.client_id()});
      if (seen != by_client_id_.end()) {
        response->add_job_response_items()->set_job_id(seen->second->ref.job_id);
        continue;
      }
    }
    Job job;
    job.ref = {ids_.Next(), request.job_set_id(), request.queue()};
    job.client_id = item.client_id();
    api::Job& spec = *NewSpec(job);
    spec.set_id(job.ref.job_id);
    spec.set_client_id(item.client_id());
    spec.set_job_set_id(request.job_set_id());
    spec.set_queue(request.queue());
    spec.set_namespace_(item.namespace_());
    spec.mutable_labels()->insert(item.labels().begin(), item.labels().end());
    spec.mutable_annotations()->insert(item.annotations().begin(), item.annotations().end());
    spec.set_owner(by.name);
    for (const std::string& group : by.groups) spec.add_queue_ownership_user_groups(group);
    spec.set_priority(item.priority());
    if (item.has_pod_spec()) *spec.mutable_pod_spec() = item.pod_spec();
    *spec.mutable_pod_specs() = item.pod_specs();
    PodSpec* pod = spec.pod_specs_size() > 0 ? spec.mutable_pod_specs(0) : spec.mutable_pod_spec();
    // Armada fills what the containers leave out after validation
    // (post_process.go@v0.22.7); the submitted event shows the result.
    ApplyDefaultJobLimits(defaults, pod);
    ApplySubmissionDefaults(pod);
    *spec.mutable_ingress() = item.ingress();
    *spec.mutable_scheduling_resource_requirements() = SchedulingRequirements(*pod);
    *spec.mutable_created() = Now();
    spec.set_scheduler(item.scheduler());
    job.external_job_uri = ExternalJobUri(item.external_job_uri(), item.annotations());

    Emit(job, SubmittedEvent(job.ref, spec));
    Emit(job, QueuedEvent(job.ref));
    // A job this node does not accept waits in the queue, as for a cluster
    // with no node that matches.
    EnqueueLocked(job);
    finished_job_sets_.Reopened({job.ref.queue, job.ref.job_set_id});
    SaveLocked(job);
    ++unfinished_[{job.ref.queue, job.ref.job_set_id}];
    response->add_job_response_items()->set_job_id(HoldLocked(std::move(job)).ref.job_id);
  }
  ScheduleLocked();
  return Status();
}

void Cluster::JoinEndedWorkersLocked() {
  // Each of these threads has left mu_ for good, so joining under it is safe.
  for (const uint64_t key : ended_workers_) {
    const auto it = workers_.find(key);
    it->second.join();
    workers_.erase(it);
  }
  ended_workers_.clear();
}

void Cluster::StartPodLocked(const std::string& job_id) {
  pods_to_run_.push_back(job_id);
  // Every idle worker may already be woken for an earlier pod; a pod beyond
  // their number gets a thread of its own, so none waits for a running pod.
  if (pods_to_run_.size() > idle_workers_) {
    const uint64_t key = next_worker_++;
    workers_.emplace(key, std::thread(&Cluster::Work, this, key));
  } else {
    work_cv_.notify_one();
  }
}

void Cluster::Work(uint64_t key) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (!pods_to_run_.empty()) {
      const std::string job_id = std::move(pods_to_run_.front());
      pods_to_run_.pop_front();
      lock.unlock();
      RunPod(job_id);
      lock.lock();
      continue;
    }
    // A pod queued before the shutdown is still run (it sees its stop and
    // ends), so its job gets its end.
    if (shut_down_) return;
    ++idle_workers_;
    const bool woken = work_cv_.wait_for(lock, kWorkerIdleTimeout,
                                         [&] { return !pods_to_run_.empty() || shut_down_; });
    --idle_workers_;
    if (!woken) {
      ended_workers_.push_back(key);
      return;
    }
  }
}

void Cluster::ScheduleLocked() {
  if (shut_down_) return;
  JoinEndedWorkersLocked();
  for (const Placement& placed : scheduler_.Schedule()) {
    const std::string& id = placed.job_id;
    Job& job = jobs_.at(id);
    job.state = State::kLeased;
    job.pod = {config_.cluster_id,    config_.pool,           placed.node,
               "armada-" + id + "-0", job.spec->namespace_(), ids_.Next()};
    SaveLocked(job);
    Emit(job, LeasedEvent(job.ref, job.pod));
    const PodSpec& spec = PodSpecOf(*job.spec);
    if (auto refused = PodCreationError(spec, job.spec->namespace_(), config_.settings)) {
      // The API server refused the pod; Armada's executor fails the job then.
      if (!config_.settings.HasNamespace(job.spec->namespace_())) {
        // The event keeps Armada's words; the log (relayed to a --local
        // runner's console) says where namespaces come from here.
        spdlog::warn(
            "job {}: namespace \"{}\" does not exist here: add it to the namespaces "
            "of armada-localstack's settings (localstack.yaml, --localstack-config)",
            id, job.spec->namespace_());
      }
      job.state = State::kTerminal;
      scheduler_.Release(id);
      Emit(job, FailedEvent(job.ref, job.pod, *refused));
      SaveLocked(job);
      JobEndedLocked(job);
      continue;
    }
    job.control = std::make_shared<PodControl>();
    Emit(job, PendingEvent(job.ref, job.pod));
    StartPodLocked(id);
  }
}

void Cluster::RunPod(const std::string& job_id) {
  PodIdentity identity;
  PodSpec spec;
  std::shared_ptr<PodControl> control;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Job& job = jobs_.at(job_id);
    identity.job_id = job_id;
    identity.name = job.pod.pod_name;
    identity.namespace_ = job.pod.pod_namespace;
    identity.node_name = job.pod.node_name;
    identity.uid = job.pod.run_id;
    identity.labels.insert(job.spec->labels().begin(), job.spec->labels().end());
    identity.annotations.insert(job.spec->annotations().begin(), job.spec->annotations().end());
    // The metadata Armada's executor puts on every pod it creates.
    identity.labels["armada_job_id"] = job_id;
    identity.labels["armada_job_run_id"] = job.pod.run_id;
    identity.labels["armada_pod_number"] = "0";
    identity.labels["armada_queue_id"] = job.ref.queue;
    identity.annotations["armada_jobset_id"] = job.ref.job_set_id;
    identity.annotations["armada_owner"] = job.spec->owner();
    spec = PodSpecOf(*job.spec);
    identity.service_account = spec.serviceaccountname();
    control = job.control;
  }
  PodResult result;
  auto resolved = ResolveImages(spec, config_.settings);
  if (resolved.ok()) {
    result = pods_.Run(identity, *resolved, *control, [&](const std::string& pod_ip) {
      std::lock_guard<std::mutex> lock(mu_);
      Job& job = jobs_.at(job_id);
      if (job.state != State::kLeased || job.ending != Job::Ending::kNone) return;
      job.state = State::kRunning;
      SaveLocked(job);
      Emit(job, RunningEvent(job.ref, job.pod));
      if (auto ingress = IngressInfoEvent(job.ref, job.pod, *job.spec, pod_ip)) {
        Emit(job, *ingress);
      }
    });
  } else {
    // The kubelet could not get the image: no container ever starts.
    result.message = resolved.status().message();
    result.outcome.pod_error = result.message;
    result.stopped = control->stop_requested();
  }

  std::lock_guard<std::mutex> lock(mu_);
  Job& job = jobs_.at(job_id);
  job.state = State::kTerminal;
  // A terminal job is never stopped again; its control holds a descriptor.
  job.control.reset();
  scheduler_.Release(job_id);
  switch (job.ending) {
    case Job::Ending::kCancel:
      Emit(job, CancelledEvent(job.ref));
      break;
    case Job::Ending::kPreempt:
      Emit(job, PreemptedEvent(job.ref, job.pod, job.end_reason));
      if (config_.faults.double_preempted) {
        Emit(job, PreemptedEvent(job.ref, job.pod, job.end_reason));
      }
      Emit(job, FailedEvent(
                    job.ref, job.pod,
                    "Job was preempted" + (job.end_reason.empty() ? "" : ": " + job.end_reason)));
      break;
    case Job::Ending::kShutdown:
      // The server is going away; nobody is left to read a final event.
      break;
    case Job::Ending::kNone:
      if (result.succeeded) {
        Emit(job, SucceededEvent(job.ref, job.pod));
      } else {
        Emit(job, FailedFromPod(job.ref, job.pod, result, classifier_.Classify(result.outcome),
                                pods_.unenforced()));
      }
      break;
  }
  // A job stopped by the shutdown stays leased or running in the store, so
  // the next server reports how it ended.
  if (job.ending != Job::Ending::kShutdown) SaveLocked(job);
  JobEndedLocked(job);
  ReleaseExpiredLocked();
  ScheduleLocked();
}

void Cluster::JobEndedLocked(Job& job) {
  // Its spec stays in its submitted event (Describe); a finished job set is
  // kept for the retention hour, so each of its jobs keeps little.
  DropSpec(job);
  const JobRef& ref = job.ref;
  const auto it = unfinished_.find({ref.queue, ref.job_set_id});
  if (it == unfinished_.end() || --it->second > 0) return;
  finished_job_sets_.Finished(it->first, FinishedJobSets::Clock::now());
  unfinished_.erase(it);
  // Nothing is left to run: give the pages the finished jobs' transient
  // memory (requests, specs, pod threads' work) left free back to the
  // system, which glibc otherwise keeps for the retention hour.
  if (unfinished_.empty()) malloc_trim(0);
}

void Cluster::ReleaseExpiredLocked() {
  for (const auto& [queue, job_set] :
       finished_job_sets_.TakeExpired(FinishedJobSets::Clock::now())) {
    const auto jobs = jobs_by_set_.find({queue, job_set});
    if (jobs != jobs_by_set_.end()) {
      for (const Job* job : jobs->second) {
        const std::string id = job->ref.job_id;
        Unpoint(by_client_id_, {job->ref.queue, job->client_id}, job);
        Unpoint(job_by_run_, job->pod.run_id, job);
        jobs_.erase(id);
        pods_.Forget(id);
      }
      jobs_by_set_.erase(jobs);
    }
    events_.Forget(queue, job_set);
    if (store_ != nullptr) {
      const Status s = store_->ForgetJobSet(queue, job_set);
      if (!s.ok()) spdlog::error("job set \"{}\": {}", job_set, s.message());
    }
  }
}

size_t Cluster::JobCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_.size();
}

void Cluster::CancelLocked(Job& job, const std::string& cancel_user, bool announced) {
  if (job.state == State::kTerminal || job.ending != Job::Ending::kNone) return;
  if (!announced) Emit(job, CancellingEvent(job.ref, kScheduler));
  job.history.CancelRequestedBy(cancel_user);
  if (job.state == State::kQueued) {
    scheduler_.Remove(job.ref.job_id);
    held_.erase(job.ref.job_id);
    job.state = State::kTerminal;
    SaveLocked(job);
    Emit(job, CancelledEvent(job.ref));
    JobEndedLocked(job);
    return;
  }
  job.ending = Job::Ending::kCancel;
  job.control->Stop();
}

std::vector<Cluster::Job*> Cluster::JobSetLocked(const std::string& queue,
                                                 const std::string& job_set) {
  const auto jobs = jobs_by_set_.find({queue, job_set});
  if (jobs == jobs_by_set_.end()) return {};
  return jobs->second;
}

std::vector<Cluster::Job*> Cluster::TargetsLocked(const std::vector<std::string>& ids,
                                                  const std::string& queue,
                                                  const std::string& job_set) {
  std::vector<Job*> out;
  for (const auto& id : ids) {
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    const JobRef& ref = it->second.ref;
    if (ref.queue == queue && ref.job_set_id == job_set) out.push_back(&it->second);
  }
  return out;
}

Status Cluster::CheckReason(const std::string& reason) const {
  if (config_.generation != ArmadaGeneration::kV0_22_7 || reason.size() <= kArmadaMaxReasonBytes) {
    return Status();
  }
  return Invalid("value \"" + reason.substr(0, kArmadaMaxReasonBytes) +
                 "...\" is invalid for field \"Reason\": reason cannot be longer than " +
                 std::to_string(kArmadaMaxReasonBytes) + " bytes");
}

Status Cluster::CheckQueueExists(const std::string& queue) const {
  api::Queue found;
  if (queues_.Get(queue, &found).ok()) return Status();
  return Status::Error(QueueNotFound(queue));
}

Status Cluster::Cancel(const api::JobCancelRequest& request, api::CancellationResult* result,
                       const Requestor& by) {
  if (Status s = CheckReason(request.reason()); !s.ok()) return s;
  std::vector<std::string> ids;
  for (const auto& id : request.job_ids()) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (!request.job_id().empty() &&
      std::find(ids.begin(), ids.end(), request.job_id()) == ids.end()) {
    ids.push_back(request.job_id());
  }
  if (ids.empty()) {
    // Armada cancels the job set then, and answers with the (empty) job_id.
    api::JobSetCancelRequest job_set;
    job_set.set_queue(request.queue());
    job_set.set_job_set_id(request.job_set_id());
    job_set.set_reason(request.reason());
    if (Status s = CancelJobSet(job_set, by); !s.ok()) return s;
    result->add_cancelled_ids(request.job_id());
    return Status();
  }
  if (Status s = CheckQueueAndJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckQueueExists(request.queue()); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, Job*> targets;
  for (Job* job : TargetsLocked(ids, request.queue(), request.job_set_id())) {
    targets[job->ref.job_id] = job;
  }
  // Armada's submit server logs a CancelJob, shown as `cancelling`, for every
  // id asked, in the request's job set, whatever the job is
  // (eventSequenceForJobIds, internal/server/submit/submit.go@v0.22.7); its
  // scheduler then cancels the jobs of that job set that have not ended.
  for (const auto& id : ids) {
    const auto it = targets.find(id);
    if (it == targets.end()) {
      events_.Append(request.queue(), request.job_set_id(),
                     CancellingEvent({id, request.job_set_id(), request.queue()}, by.name));
      continue;
    }
    Emit(*it->second, CancellingEvent(it->second->ref, by.name));
    CancelLocked(*it->second, by.name, /*announced=*/true);
  }
  // Armada answers every id asked, whatever became of it.
  for (const auto& id : ids) result->add_cancelled_ids(id);
  ReleaseExpiredLocked();
  return Status();
}

bool Cluster::InStates(const Job& job, const google::protobuf::RepeatedField<int>& states) {
  if (states.empty()) return true;
  for (const int s : states) {
    switch (static_cast<api::JobState>(s)) {
      case api::QUEUED:
        if (job.state == State::kQueued) return true;
        break;
      case api::PENDING:
      case api::LEASED:
        if (job.state == State::kLeased) return true;
        break;
      case api::RUNNING:
        if (job.state == State::kRunning) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

Status Cluster::CancelJobSet(const api::JobSetCancelRequest& request, const Requestor& by) {
  if (Status s = CheckReason(request.reason()); !s.ok()) return s;
  if (Status s = CheckQueueAndJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  // ValidateJobSetFilter (job_set.go@v0.22.7): a plain error, so UNKNOWN.
  const auto& states = request.filter().states();
  const bool pending = std::find(states.begin(), states.end(), api::PENDING) != states.end();
  const bool running = std::find(states.begin(), states.end(), api::RUNNING) != states.end();
  if (pending != running) {
    return Status::Error(
        "unsupported state combination - state PENDING and RUNNING must always be used together");
  }
  if (Status s = CheckQueueExists(request.queue()); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  for (Job* job : JobSetLocked(request.queue(), request.job_set_id())) {
    if (InStates(*job, request.filter().states())) CancelLocked(*job, by.name);
  }
  ReleaseExpiredLocked();
  return Status();
}

Status Cluster::Reprioritize(const api::JobReprioritizeRequest& request,
                             api::JobReprioritizeResponse* response, const Requestor& by) {
  if (Status s = CheckQueueAndJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckQueueExists(request.queue()); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  auto& results = *response->mutable_reprioritization_results();
  const std::vector<std::string> ids(request.job_ids().begin(), request.job_ids().end());
  // Armada answers "" for each id, or one entry for a whole job set, and
  // logs `reprioritizing` only for jobs named by id (submit.go@v0.22.7).
  const bool whole_set = ids.empty();
  const std::vector<Job*> targets = whole_set
                                        ? JobSetLocked(request.queue(), request.job_set_id())
                                        : TargetsLocked(ids, request.queue(), request.job_set_id());
  for (Job* job : targets) {
    if (job->state == State::kTerminal) continue;
    if (!whole_set) Emit(*job, ReprioritizingEvent(job->ref, request.new_priority(), by.name));
    job->spec->set_priority(request.new_priority());
    SaveLocked(*job);
    scheduler_.Reprioritize(job->ref.job_id, request.new_priority());
    Emit(*job, ReprioritizedEvent(job->ref, request.new_priority()));
  }
  if (whole_set) results["all jobs in job set " + request.job_set_id()] = "";
  for (const auto& id : ids) results[id] = "";
  ScheduleLocked();
  return Status();
}

Status Cluster::Preempt(const api::JobPreemptRequest& request, api::PreemptionResult* result,
                        const Requestor& by) {
  if (Status s = CheckReason(request.reason()); !s.ok()) return s;
  if (Status s = CheckQueueAndJobSet(request.queue(), request.job_set_id()); !s.ok()) return s;
  if (Status s = CheckQueueExists(request.queue()); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  auto& results = *result->mutable_preemption_results();
  const std::vector<std::string> ids(request.job_ids().begin(), request.job_ids().end());
  // Armada logs `preempting` for every job named (a queued one stays queued)
  // and answers "" for each id (submit.go@v0.22.7); no ids, nothing.
  for (Job* job : TargetsLocked(ids, request.queue(), request.job_set_id())) {
    if (job->state == State::kTerminal || job->ending != Job::Ending::kNone) continue;
    if (job->state == State::kQueued) {
      Emit(*job, PreemptingEvent(job->ref, by.name, request.reason()));
    } else {
      PreemptLocked(*job, request.reason(), by.name);
    }
  }
  for (const auto& id : ids) results[id] = "";
  return Status();
}

void Cluster::PreemptLocked(Job& job, const std::string& reason, const std::string& requestor) {
  Emit(job, PreemptingEvent(job.ref, requestor, reason));
  job.ending = Job::Ending::kPreempt;
  job.end_reason = reason;
  job.control->Stop();
}

std::map<std::string, std::vector<std::string>> Cluster::ActiveQueuesByPool() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> queues;
  for (const auto& [id, job] : jobs_) {
    if (job.state == State::kLeased || job.state == State::kRunning) queues.insert(job.ref.queue);
  }
  if (queues.empty()) return {};
  return {{config_.pool, std::vector<std::string>(queues.begin(), queues.end())}};
}

Status Cluster::OnNodeLocked(const std::string& name, const std::string& executor,
                             const google::protobuf::RepeatedPtrField<std::string>& queues,
                             const google::protobuf::RepeatedPtrField<std::string>& classes,
                             std::vector<Job*>* targets) {
  if (name.empty()) return Invalid("name: the node to act on is required");
  if (executor.empty()) return Invalid("executor: the node's executor (cluster id) is required");
  if (executor != config_.cluster_id) return Status();
  const auto listed = [](const google::protobuf::RepeatedPtrField<std::string>& list,
                         const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  for (auto& [id, job] : jobs_) {
    if (job.state != State::kLeased && job.state != State::kRunning) continue;
    if (job.ending != Job::Ending::kNone || job.pod.node_name != name) continue;
    const std::string& priority_class = PodSpecOf(*job.spec).priorityclassname();
    if (!listed(queues, job.ref.queue) || !listed(classes, priority_class)) continue;
    targets->push_back(&job);
  }
  return Status();
}

Status Cluster::CancelOnNode(const api::NodeCancelRequest& request, const Requestor& by) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Job*> targets;
  Status status = OnNodeLocked(request.name(), request.executor(), request.queues(),
                               request.priorityclasses(), &targets);
  for (Job* job : targets) CancelLocked(*job, by.name);
  return status;
}

Status Cluster::PreemptOnNode(const api::NodePreemptRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Job*> targets;
  Status status = OnNodeLocked(request.name(), request.executor(), request.queues(),
                               request.priorityclasses(), &targets);
  for (Job* job : targets) PreemptLocked(*job, "preempted on node " + request.name(), kScheduler);
  return status;
}

void Cluster::QueueCordonChanged(const std::string& name) {
  api::Queue queue;
  const bool cordoned = queues_.Get(name, &queue).ok() && queue.cordoned();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, job] : jobs_) {
    if (job.ref.queue != name || job.state != State::kQueued) continue;
    if (cordoned) {
      if (scheduler_.Remove(id)) held_.insert(id);
    } else if (held_.erase(id) > 0) {
      EnqueueLocked(job);
    }
  }
  ScheduleLocked();
}

std::vector<Cluster::Job*> Cluster::OnQueueLocked(
    const std::string& queue, const google::protobuf::RepeatedPtrField<std::string>& classes,
    const google::protobuf::RepeatedPtrField<std::string>& pools) {
  std::vector<Job*> out;
  const auto listed = [](const google::protobuf::RepeatedPtrField<std::string>& list,
                         const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  if (!listed(pools, config_.pool)) return out;
  for (auto& [id, job] : jobs_) {
    if (job.ref.queue != queue || job.state == State::kTerminal) continue;
    const std::string priority_class = job.spec->pod_specs_size() > 0
                                           ? job.spec->pod_specs(0).priorityclassname()
                                           : job.spec->pod_spec().priorityclassname();
    if (listed(classes, priority_class)) out.push_back(&job);
  }
  return out;
}

Status Cluster::CancelOnQueue(const api::QueueCancelRequest& request, const Requestor& by) {
  if (request.name().empty()) return Status::Error("cannot cancel jobs on queue with empty name");
  for (const int state : request.jobstates()) {
    if (state != api::QUEUED && state != api::LEASED && state != api::PENDING &&
        state != api::RUNNING) {
      return Status::Error("provided job states must be non-terminal");
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (Job* job : OnQueueLocked(request.name(), request.priorityclasses(), request.pools())) {
    if (InStates(*job, request.jobstates())) CancelLocked(*job, by.name);
  }
  ReleaseExpiredLocked();
  return Status();
}

Status Cluster::PreemptOnQueue(const api::QueuePreemptRequest& request) {
  if (request.name().empty()) return Status::Error("cannot preempt jobs on queue with empty name");
  std::lock_guard<std::mutex> lock(mu_);
  for (Job* job : OnQueueLocked(request.name(), request.priorityclasses(), request.pools())) {
    if (job->state == State::kQueued || job->ending != Job::Ending::kNone) continue;
    PreemptLocked(*job, "", kScheduler);
  }
  return Status();
}

void Cluster::Shutdown() {
  std::map<uint64_t, std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_) return;
    shut_down_ = true;
    for (auto& [id, job] : jobs_) {
      if (job.state != State::kLeased && job.state != State::kRunning) continue;
      if (job.ending == Job::Ending::kNone) job.ending = Job::Ending::kShutdown;
      job.control->Stop(/*grace_seconds=*/0);
    }
    workers.swap(workers_);
    ended_workers_.clear();
  }
  work_cv_.notify_all();
  for (auto& [key, thread] : workers) thread.join();
}

}  // namespace armada::localstack
