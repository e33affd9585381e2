// The world outside Armada's API that a run's tests see (runner's
// TestEnvironment), set up by the host as Armada's runner finds it:
// - ingress: ARMADA_EXECUTOR_INGRESS_URL, _USE_TLS and _INGRESS_PORT (see
//   runner/ingress_check.h). With --local, armada-localstack has no ingress
//   controller: unless the user set them, the URL is http://127.0.0.1 and
//   the port the one the ingressInfo event names.
// - nodes: with --local, armada-localstack's one node for every nodePoolTag;
//   otherwise the Kubernetes API of kubeconfig's current context, listing
//   the nodes labelled armadaproject.io/node-pool=TAG (kube/node_lookup.h),
//   with a warning in the log when several match.
#pragma once

#include <string>

#include "runner/test_environment.h"

namespace armada::cli {

// REQUIRES: local_node_name is non-empty when local.
runner::TestEnvironment MakeTestEnvironment(bool local, const std::string& local_node_name);

}  // namespace armada::cli
