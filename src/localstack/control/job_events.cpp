#include "localstack/control/job_events.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <set>

#include "api/pod_spec_of.h"
#include "localstack/pod/job_spec.h"
#include "localstack/pod/pod_identity.h"

namespace armada::localstack {
namespace {

using google::protobuf::util::TimeUtil;

// Fills the fields every job event has.
template <typename Event>
Event* Stamp(Event* event, const JobRef& job) {
  event->set_job_id(job.job_id);
  event->set_job_set_id(job.job_set_id);
  event->set_queue(job.queue);
  *event->mutable_created() = Now();
  return event;
}

// Fills the pod fields of the events that have them (all but leased).
template <typename Event>
Event* Place(Event* event, const PodRef& pod) {
  event->set_cluster_id(pod.cluster_id);
  event->set_kubernetes_id(pod.run_id);
  event->set_pod_number(0);
  event->set_pod_name(pod.pod_name);
  event->set_pod_namespace(pod.pod_namespace);
  return event;
}

api::Cause CauseOf(const ContainerOutcome& c, const std::string& pod_reason) {
  if (c.reason == "OOMKilled") return api::OOM;
  if (pod_reason == "DeadlineExceeded") return api::DeadlineExceeded;
  if (pod_reason == "Evicted") return api::Evicted;
  return api::Error;
}

}  // namespace

google::protobuf::Timestamp Now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

api::EventMessage SubmittedEvent(const JobRef& job, const api::Job& submitted) {
  api::EventMessage m;
  *Stamp(m.mutable_submitted(), job)->mutable_job() = submitted;
  return m;
}

api::EventMessage QueuedEvent(const JobRef& job) {
  api::EventMessage m;
  Stamp(m.mutable_queued(), job);
  return m;
}

api::EventMessage LeasedEvent(const JobRef& job, const PodRef& pod) {
  api::EventMessage m;
  auto* e = Stamp(m.mutable_leased(), job);
  e->set_cluster_id(pod.cluster_id);
  e->set_pool(pod.pool);
  return m;
}

api::EventMessage PendingEvent(const JobRef& job, const PodRef& pod) {
  api::EventMessage m;
  Place(Stamp(m.mutable_pending(), job), pod)->set_pool(pod.pool);
  return m;
}

api::EventMessage RunningEvent(const JobRef& job, const PodRef& pod) {
  api::EventMessage m;
  auto* e = Place(Stamp(m.mutable_running(), job), pod);
  e->set_node_name(pod.node_name);
  e->set_pool(pod.pool);
  return m;
}

std::optional<api::EventMessage> IngressInfoEvent(const JobRef& job, const PodRef& pod,
                                                  const api::Job& spec, const std::string& pod_ip) {
  if (spec.ingress().empty()) return std::nullopt;
  const PodSpec& pod_spec = PodSpecOf(spec);
  std::set<int32_t> ports;
  for (const auto& ingress : spec.ingress()) {
    if (!ingress.ports().empty()) {
      ports.insert(ingress.ports().begin(), ingress.ports().end());
      continue;
    }
    for (const auto& container : pod_spec.containers()) {
      for (const auto& port : container.ports()) ports.insert(port.containerport());
    }
  }
  if (ports.empty()) return std::nullopt;
  api::EventMessage m;
  auto* e = Place(Stamp(m.mutable_ingress_info(), job), pod);
  e->set_node_name(pod.node_name);
  // No ingress controller: every port is served at the pod's own address.
  for (const int32_t port : ports) (*e->mutable_ingress_addresses())[port] = pod_ip;
  return m;
}

api::EventMessage SucceededEvent(const JobRef& job, const PodRef& pod) {
  api::EventMessage m;
  Place(Stamp(m.mutable_succeeded(), job), pod)->set_node_name(pod.node_name);
  return m;
}

api::EventMessage FailedEvent(const JobRef& job, const PodRef& pod, const std::string& reason) {
  api::EventMessage m;
  auto* e = Place(Stamp(m.mutable_failed(), job), pod);
  e->set_node_name(pod.node_name);
  e->set_reason(reason);
  e->set_cause(api::Error);
  e->set_retryable(false);
  return m;
}

api::EventMessage FailedFromPod(const JobRef& job, const PodRef& pod, const PodResult& result,
                                const Classification& classification, const std::string& note) {
  const PodOutcome& outcome = result.outcome;
  std::string reason = result.message;
  api::Cause cause = outcome.pod_reason == "DeadlineExceeded" ? api::DeadlineExceeded
                     : outcome.pod_reason == "Evicted"        ? api::Evicted
                                                              : api::Error;
  api::EventMessage m = FailedEvent(job, pod, "");
  auto* e = m.mutable_failed();
  for (const auto& c : outcome.containers) {
    auto* status = e->add_container_statuses();
    status->set_name(c.name);
    status->set_exitcode(c.exit_code);
    status->set_message(c.termination_message);
    status->set_reason(c.reason);
    status->set_cause(CauseOf(c, outcome.pod_reason));
    if (c.reason == "OOMKilled") cause = api::OOM;
    if (c.exit_code != 0 && reason.empty()) {
      reason = "Container " + c.name + " failed with exit code " + std::to_string(c.exit_code) +
               " because " + c.reason;
      if (!c.termination_message.empty()) reason += ": " + c.termination_message;
    }
  }
  if (!note.empty()) reason += " (" + note + ")";
  e->set_reason(reason);
  e->set_cause(cause);
  for (const auto& category : classification.categories) e->add_categories(category);
  e->set_failure_category(classification.failure_category);
  e->set_failure_subcategory(classification.failure_subcategory);
  return m;
}

api::EventMessage CancellingEvent(const JobRef& job, const std::string& requestor) {
  api::EventMessage m;
  Stamp(m.mutable_cancelling(), job)->set_requestor(requestor);
  return m;
}

api::EventMessage CancelledEvent(const JobRef& job) {
  api::EventMessage m;
  Stamp(m.mutable_cancelled(), job);
  return m;
}

api::EventMessage PreemptingEvent(const JobRef& job, const std::string& requestor,
                                  const std::string& reason) {
  api::EventMessage m;
  auto* e = Stamp(m.mutable_preempting(), job);
  e->set_requestor(requestor);
  e->set_reason(reason);
  return m;
}

api::EventMessage PreemptedEvent(const JobRef& job, const PodRef& pod, const std::string& reason) {
  api::EventMessage m;
  auto* e = Stamp(m.mutable_preempted(), job);
  e->set_cluster_id(pod.cluster_id);
  e->set_run_id(pod.run_id);
  e->set_reason(reason);
  return m;
}

api::EventMessage ReprioritizingEvent(const JobRef& job, double priority,
                                      const std::string& requestor) {
  api::EventMessage m;
  auto* e = Stamp(m.mutable_reprioritizing(), job);
  e->set_new_priority(priority);
  e->set_requestor(requestor);
  return m;
}

api::EventMessage ReprioritizedEvent(const JobRef& job, double priority) {
  api::EventMessage m;
  auto* e = Stamp(m.mutable_reprioritized(), job);
  e->set_new_priority(priority);
  return m;
}

}  // namespace armada::localstack
