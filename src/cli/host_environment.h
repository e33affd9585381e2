// The world outside Armada's API that a run's tests see (runner's
// TestEnvironment), set up by the host as Armada's runner finds it:
// - ingress: ARMADA_EXECUTOR_INGRESS_URL, _USE_TLS and _INGRESS_PORT (see
//   runner/ingress_check.h). With --local, armada-localstack has no ingress
//   controller: unless the user set the port, each check goes to the pod's
//   own address and port, as the ingressInfo event names them.
// - nodes: with --local, the first of armada-localstack's nodes labelled
//   armadaproject.io/node-pool=TAG (localstack/nodes.h), as its settings
//   file declares them; otherwise the Kubernetes API of kubeconfig's current
//   context, listing the nodes labelled so (kube/node_lookup.h), with a
//   warning in the log when several match.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/config/nodes.h"
#include "runner/environment.h"

namespace armada::cli {

// local_nodes serve the lookup when local (ignored otherwise).
runner::TestEnvironment MakeTestEnvironment(bool local,
                                            std::vector<localstack::ClusterNode> local_nodes);

// The nodes the armada-localstack about to start with `localstack_args`
// will have: from the settings file a --localstack-config among those
// arguments names, else the default one beside `executor_config_path`,
// which is then added to the arguments, so that the server reads the very
// file read here.
StatusOr<std::vector<localstack::ClusterNode>> LocalstackNodes(
    const std::string& executor_config_path, const std::string& cluster_id,
    std::vector<std::string>* localstack_args);

}  // namespace armada::cli
