// The cluster's nodes: what armada-localstack schedules jobs on and names in
// events, built from its settings (localstack_config.h).
//
// Contract:
// - ClusterNodes: the settings' nodes in their order, each with its labels
//   and taints and its capacity (its own cpu/memory, else
//   `default_capacity`). Settings that list no node give one, named
//   "<clusterId>-node", with no labels or taints.
// - FindNodeByPoolTag: the node Armada's runner would find for a node
//   action's nodePoolTag on a cluster (kube/node_lookup.h): the first node
//   labelled armadaproject.io/node-pool=TAG; none is an error naming the
//   label and the nodes there are.
#pragma once

#include <string>
#include <vector>

#include "api/localstack_config.pb.h"
#include "common/status.h"
#include "localstack/config/localstack_config.h"
#include "localstack/pod/resources.h"

namespace armada::localstack {

struct ClusterNode {
  std::string name;
  // Labels and taints, as configured.
  config::Node spec;
  Resources capacity;
};

// REQUIRES: settings passed ParseLocalstackConfig's checks.
std::vector<ClusterNode> ClusterNodes(const LocalstackSettings& settings,
                                      const std::string& cluster_id, Resources default_capacity);

StatusOr<std::string> FindNodeByPoolTag(const std::vector<ClusterNode>& nodes,
                                        const std::string& tag);

}  // namespace armada::localstack
