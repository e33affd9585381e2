// A container's log from the Kubernetes API, as `kubectl logs` reads it:
// GET /api/v1/namespaces/NS/pods/POD/log?container=C&tailLines=N&limitBytes=M.
// getLogs' source on a cluster with no Binoculars configured
// (runner/job_log_source.h).
//
// Contract:
// - The answer is the log text as the kubelet gives it (no timestamps
//   asked for), at most limit_bytes of it.
// - Any other answer than 200 is an error naming the pod, namespace,
//   container and cluster, the HTTP status and the server's message; a 404
//   adds that Armada's executor deletes a job's pod some time after it ends,
//   so a missing pod reads as that and not as a broken setup.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/status.h"
#include "kube/kubeconfig.h"

namespace armada::kube {

// The name Armada's executor gives a job's pod: armada-<job id>-<pod number>.
std::string ArmadaPodName(const std::string& job_id, int pod_number);

struct PodLogQuery {
  std::string pod_namespace;  // empty: "default", as Armada's Binoculars does
  std::string pod;
  std::string container;    // empty: the pod's only container
  int64_t tail_lines = -1;  // < 0: the whole log
  int64_t limit_bytes = 0;  // <= 0: no limit
};

StatusOr<std::string> ReadPodLog(const ClusterAccess& access, const PodLogQuery& query,
                                 std::chrono::milliseconds timeout);

}  // namespace armada::kube
