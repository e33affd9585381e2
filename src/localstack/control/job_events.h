// The public events of one job, built the way Armada's event API shows them:
// every event carries job_id, job_set_id, queue and a created timestamp (now,
// to the microsecond or better: protobuf's TimeUtil::GetCurrentTime gives
// whole seconds on this platform, which made every timeline read +0.000s).
//
// Contract of FailedFromPod: the reason names the first failed container in
// Kubernetes' words ("Container oom failed with exit code 137 because
// OOMKilled", plus ": <termination message>" when there is one), or the pod's
// own message (an exceeded deadline); `note`, when set, is appended in
// parentheses. cause is OOM when a container was OOM-killed, DeadlineExceeded
// for an exceeded deadline, else Error; container_statuses lists every
// container that ran; categories come from the classifier; retryable is false
// because armada-localstack never retries a run.
#pragma once

#include <optional>
#include <string>

#include "api/event.pb.h"
#include "api/submit.pb.h"
#include "localstack/config/classifier.h"
#include "localstack/pod/pod_runner.h"

namespace armada::localstack {

// Where the job is and which pod runs it.
struct JobRef {
  std::string job_id;
  std::string job_set_id;
  std::string queue;
};
struct PodRef {
  std::string cluster_id;
  std::string pool;
  std::string node_name;
  std::string pod_name;
  std::string pod_namespace;
  // The pod's UID (Kubernetes' kubernetes_id); also the run id.
  std::string run_id;
};

// Now, with sub-second resolution.
google::protobuf::Timestamp Now();

api::EventMessage SubmittedEvent(const JobRef& job, const api::Job& submitted);
api::EventMessage QueuedEvent(const JobRef& job);
api::EventMessage LeasedEvent(const JobRef& job, const PodRef& pod);
api::EventMessage PendingEvent(const JobRef& job, const PodRef& pod);
api::EventMessage RunningEvent(const JobRef& job, const PodRef& pod);
// For a job with `ingress`: its ports (an ingress without ports: every
// containerPort), each mapped to the pod's address `pod_ip` (the kubelet's
// PodRunner tells it), as Armada's executor maps each ingress's port to the
// ingress's host once the pod runs. nullopt for a job without ingress or
// ports (Armada's executor sends none).
std::optional<api::EventMessage> IngressInfoEvent(const JobRef& job, const PodRef& pod,
                                                  const api::Job& spec, const std::string& pod_ip);
api::EventMessage SucceededEvent(const JobRef& job, const PodRef& pod);
// A failure with a plain reason and no containers (e.g. after preemption).
api::EventMessage FailedEvent(const JobRef& job, const PodRef& pod, const std::string& reason);
// A pod's own failure; see the file comment.
api::EventMessage FailedFromPod(const JobRef& job, const PodRef& pod, const PodResult& result,
                                const Classification& classification, const std::string& note);
// The requestor is the caller the submit server names, "" for the
// scheduler's (cluster.h, Requestor); the scheduler's events (cancelled,
// preempted, reprioritized) name nobody. Armada's cancel events carry no
// reason (FromInternalCancel and FromInternalCancelled,
// internal/server/event/conversion/conversions.go@v0.22.7 and @v0.20.40).
api::EventMessage CancellingEvent(const JobRef& job, const std::string& requestor);
api::EventMessage CancelledEvent(const JobRef& job);
api::EventMessage PreemptingEvent(const JobRef& job, const std::string& requestor,
                                  const std::string& reason);
api::EventMessage PreemptedEvent(const JobRef& job, const PodRef& pod, const std::string& reason);
api::EventMessage ReprioritizingEvent(const JobRef& job, double priority,
                                      const std::string& requestor);
api::EventMessage ReprioritizedEvent(const JobRef& job, double priority);

}  // namespace armada::localstack
