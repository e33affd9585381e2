#include "cli/host_environment.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "kube/kubeconfig.h"
#include "kube/node_lookup.h"
#include "localstack/config/localstack_config.h"

namespace armada::cli {
namespace {

bool Set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

StatusOr<std::string> FindNodeInKubernetes(const std::string& tag) {
  StatusOr<kube::ClusterAccess> access = kube::LoadClusterAccess(
      kube::KubeconfigPaths(std::getenv("KUBECONFIG"), std::getenv("HOME")));
  if (!access.ok()) return access.status();
  std::string warning;
  StatusOr<std::string> node =
      kube::FindNodeByPoolTag(*access, tag, std::chrono::seconds(30), &warning);
  if (!warning.empty()) spdlog::warn("{}", warning);
  return node;
}

}  // namespace

runner::TestEnvironment MakeTestEnvironment(bool local,
                                            std::vector<localstack::ClusterNode> local_nodes) {
  runner::TestEnvironment environment;
  environment.ingress = runner::IngressTargetFromEnvironment();
  if (local) {
    // Each pod has its own address (ingressInfo names it), with no ingress
    // controller in front: http://ADDRESS:PORT of the event.
    if (!Set("ARMADA_EXECUTOR_INGRESS_PORT")) environment.ingress.port_from_event = true;
    environment.find_node = [nodes = std::move(local_nodes)](const std::string& tag) {
      return localstack::FindNodeByPoolTag(nodes, tag);
    };
  } else {
    environment.find_node = FindNodeInKubernetes;
  }
  return environment;
}

StatusOr<std::vector<localstack::ClusterNode>> LocalstackNodes(
    const std::string& executor_config_path, const std::string& cluster_id,
    std::vector<std::string>* localstack_args) {
  static const std::string kFlag = "--localstack-config";
  std::string path;
  for (size_t i = 0; i < localstack_args->size(); ++i) {
    const std::string& arg = (*localstack_args)[i];
    if (arg.rfind(kFlag + "=", 0) == 0) path = arg.substr(kFlag.size() + 1);
    if (arg == kFlag && i + 1 < localstack_args->size()) path = (*localstack_args)[i + 1];
  }
  if (path.empty()) {
    auto found = localstack::DefaultLocalstackConfigPath(executor_config_path);
    if (!found.ok()) return found.status();
    path = *found;
    localstack_args->push_back(kFlag + "=" + path);
  }
  auto settings = localstack::LoadLocalstackConfig(path);
  if (!settings.ok()) return settings.status();
  // Capacity plays no part in the lookup.
  return localstack::ClusterNodes(*settings, cluster_id, localstack::Resources{});
}

}  // namespace armada::cli
