// The seam between the control plane and the machine: the Cluster hands each
// leased job's pod to a PodRunner and turns what comes back into events. The
// Executor runs pods as real processes; tests give the Cluster a scripted
// runner so its behaviour is checked without processes or root (as ninja's
// CommandRunner lets its build tests run without commands).
//
// Contract of Run, which every implementation keeps:
// - It runs one pod to its end on the calling thread; the Cluster calls it on
//   one thread per pod, so calls for different pods overlap.
// - It calls `on_running` at most once, when the pod's main containers have
//   started, with the pod's IP (its own address, or kPodIp when it shares
//   the host's network); a pod whose containers never start does not call it.
// - Once `control` asks to stop, the pod ends within its grace period (the
//   override Stop gave, else the spec's terminationGracePeriodSeconds, else
//   30 s) and the result says `stopped`; a stop that comes before the main
//   containers start means none of them runs and `on_running` is not called.
// - activeDeadlineSeconds ends the pod with pod reason DeadlineExceeded.
// - When Run returns nothing of the pod is left running.
// - A container's termination message holds at most 4096 bytes, and at most
//   12 KiB / (containers + init containers) when that is less, as the
//   kubelet reports them (kMaxPodMessageBytes).
#pragma once

#include <functional>
#include <string>

#include "localstack/pod/job_spec.h"
#include "localstack/pod/pod_control.h"
#include "localstack/pod/pod_identity.h"
#include "localstack/pod/pod_outcome.h"

namespace armada::localstack {

// Kubernetes' pod status for an exceeded activeDeadlineSeconds.
inline constexpr char kDeadlineExceededReason[] = "DeadlineExceeded";
inline constexpr char kDeadlineExceededMessage[] =
    "Pod was active on the node longer than the specified deadline";

// The kubelet's limits on termination messages: per container, and per pod
// split evenly among its containers (its status manager's normalizeStatus).
inline constexpr size_t kMaxMessageBytes = 4096;
inline constexpr size_t kMaxPodMessageBytes = 12 * 1024;

struct PodResult {
  bool succeeded = false;
  // Ended by PodControl::Stop rather than on its own.
  bool stopped = false;
  // The containers that ran (init containers first) and the pod reason.
  PodOutcome outcome;
  // Kubernetes' pod-level status message, e.g. for an exceeded deadline.
  std::string message;
};

class PodRunner {
 public:
  virtual ~PodRunner() = default;

  // Runs the pod to its end; see the file comment.
  virtual PodResult Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                        const std::function<void(const std::string& pod_ip)>& on_running) const = 0;

  // The job's pod has been forgotten (its job set released): what the runner
  // kept of it after Run (such as its logs) goes.
  virtual void Forget(const std::string& job_id) const { (void)job_id; }

  // Which limits and isolation this runner cannot provide, as one sentence
  // for users ("" when everything is enforced); failed events mention it.
  virtual const std::string& unenforced() const = 0;
};

}  // namespace armada::localstack
