// How a pod ended, as the kubelet reports it: each container's exit and the
// pod-level reason. A PodRunner returns it (pod_runner.h); the control plane
// classifies it (config/classifier.h) and turns it into events.
#pragma once

#include <string>
#include <vector>

namespace armada::localstack {

// One container's end, as the kubelet would report it.
struct ContainerOutcome {
  std::string name;
  int exit_code = 0;
  // Kubernetes' terminated reason: "OOMKilled", "Error", "Completed", ...
  std::string reason;
  std::string termination_message;
  bool is_init = false;
};

// A terminated pod: its containers plus the pod-level reason ("" or
// "DeadlineExceeded" / "Evicted").
struct PodOutcome {
  std::vector<ContainerOutcome> containers;
  std::string pod_reason;
  // The executor's message for a pod that failed before its containers
  // ended (e.g. its image could not be pulled); onPodError matches it.
  std::string pod_error;
};

}  // namespace armada::localstack
