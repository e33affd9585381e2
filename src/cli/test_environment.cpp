#include "cli/test_environment.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "kube/kubeconfig.h"
#include "kube/node_lookup.h"

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

runner::TestEnvironment MakeTestEnvironment(bool local, const std::string& local_node_name) {
  runner::TestEnvironment environment;
  environment.ingress = runner::IngressTargetFromEnvironment();
  if (local) {
    if (!Set("ARMADA_EXECUTOR_INGRESS_URL")) environment.ingress.url = "http://127.0.0.1";
    if (!Set("ARMADA_EXECUTOR_INGRESS_PORT")) environment.ingress.port_from_event = true;
    environment.find_node = [local_node_name](const std::string&) -> StatusOr<std::string> {
      return local_node_name;
    };
  } else {
    environment.find_node = FindNodeInKubernetes;
  }
  return environment;
}

}  // namespace armada::cli
