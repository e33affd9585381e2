// Where getLogs reads a failed job's container log: Armada's Binoculars
// service (binoculars.Binoculars/Logs) or, on a cluster without one
// configured, the Kubernetes API's pod log; ChooseJobLogSource is the one
// place that picks, and the host hands its choice to the tests
// (runner/environment.h).
//
// Contract: a source returns the container's last tail_lines lines (at most
// limit_bytes of them), or an error saying why there are none (the pod is
// gone, access refused, unreachable, ...). Sources are called from the
// tests' threads and must be thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"
#include "kube/kubeconfig.h"
#include "runner/connection.h"

namespace armada::runner {

struct JobLogRequest {
  std::string job_id;
  std::string pod_namespace;
  std::string container;
  int tail_lines = 20;
  int64_t limit_bytes = 64 * 1024;
};

struct JobLogSource {
  // Empty: no source is configured.
  std::function<StatusOr<std::string>(const JobLogRequest&)> fetch;
  // What fetch reads ("Binoculars at HOST:PORT", "the Kubernetes API ..."),
  // or, without fetch, where job logs would come from: one line for the
  // report of a test with getLogs.
  std::string where;
};

// Binoculars' Logs through connection (which must outlive the source), for
// the job's first pod (number 0), with a 10s deadline per call.
JobLogSource BinocularsLogSource(const Connection& connection);

// The pod log of the job's first pod (Armada's executor names it
// armada-<job id>-0) in the request's namespace, from the Kubernetes API of
// access, with a 10s timeout per call.
JobLogSource KubernetesLogSource(kube::ClusterAccess access);

// The run's source: Binoculars through binoculars when given (--binocularsUrl,
// the client config's binocularsUrl, or armada-localstack's own), else the
// Kubernetes API when cluster loaded (kubeconfig's current context), else
// none, its where naming both and why the kubeconfig gave no cluster.
JobLogSource ChooseJobLogSource(const Connection* binoculars,
                                const StatusOr<kube::ClusterAccess>& cluster);

}  // namespace armada::runner
