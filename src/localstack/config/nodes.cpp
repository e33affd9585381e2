#include "localstack/config/nodes.h"

#include "common/quantity.h"
#include "kube/node_lookup.h"

namespace armada::localstack {

std::vector<ClusterNode> ClusterNodes(const LocalstackSettings& settings,
                                      const std::string& cluster_id, Resources default_capacity) {
  if (settings.nodes().empty()) return {{cluster_id + "-node", config::Node(), default_capacity}};
  std::vector<ClusterNode> nodes;
  for (const config::Node& spec : settings.nodes()) {
    ClusterNode node{spec.name(), spec, default_capacity};
    // Checked when the settings were read.
    if (auto cpu = Quantity::Parse(spec.cpu()); cpu.ok())
      node.capacity.milli_cpu = cpu->MilliValue();
    if (auto memory = Quantity::Parse(spec.memory()); memory.ok()) {
      node.capacity.memory_bytes = memory->Value();
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

StatusOr<std::string> FindNodeByPoolTag(const std::vector<ClusterNode>& nodes,
                                        const std::string& tag) {
  std::string names;
  for (const ClusterNode& node : nodes) {
    const auto label = node.spec.labels().find(kube::kNodePoolLabel);
    if (label != node.spec.labels().end() && label->second == tag) return node.name;
    names += (names.empty() ? "" : ", ") + node.name;
  }
  return Status::Error("no node of armada-localstack is labelled " +
                       std::string(kube::kNodePoolLabel) + "=" + tag + " (its nodes: " + names +
                       "; node labels are set in its localstack.yaml, `nodes`)");
}

}  // namespace armada::localstack
