#include "localstack/kubelet/container_env.h"

#include <optional>

namespace armada::localstack {
namespace {

// The key inside "prefix['key']", or nullopt when `path` is not of that form.
std::optional<std::string> Subscript(const std::string& path, const std::string& prefix) {
  const std::string open = prefix + "['";
  if (path.size() < open.size() + 2 || path.rfind(open, 0) != 0 ||
      path.compare(path.size() - 2, 2, "']") != 0) {
    return std::nullopt;
  }
  return path.substr(open.size(), path.size() - open.size() - 2);
}

StatusOr<std::string> FieldValue(const std::string& path, const PodIdentity& pod) {
  if (path == "metadata.name") return pod.name;
  if (path == "metadata.namespace") return pod.namespace_;
  if (path == "metadata.uid") return pod.uid;
  if (path == "spec.nodeName") return pod.node_name;
  if (path == "spec.serviceAccountName") return pod.service_account;
  if (path == "status.podIP") return pod.pod_ip;
  if (path == "status.hostIP") return pod.host_ip;
  for (const auto& [prefix, map] :
       {std::pair{"metadata.labels", &pod.labels}, {"metadata.annotations", &pod.annotations}}) {
    if (auto key = Subscript(path, prefix)) {
      const auto it = map->find(*key);
      return it == map->end() ? std::string() : it->second;
    }
  }
  return Status::Error("unsupported fieldRef.fieldPath \"" + path + "\"");
}

}  // namespace

StatusOr<std::vector<std::pair<std::string, std::string>>> ContainerEnvironment(
    const ContainerSpec& container, const PodIdentity& pod) {
  std::vector<std::pair<std::string, std::string>> env;
  auto set = [&](const std::string& name, std::string value) {
    for (auto& entry : env) {
      if (entry.first == name) {
        entry.second = std::move(value);
        return;
      }
    }
    env.emplace_back(name, std::move(value));
  };
  // Nothing of the server's own environment: it may hold the runner's secrets.
  set("PATH", kDefaultContainerPath);
  set("HOSTNAME", pod.name);
  set("HOME", "/root");
  for (const auto& var : container.env()) {
    if (!var.has_valuefrom()) {
      set(var.name(), var.value());
      continue;
    }
    const auto& from = var.valuefrom();
    if (!from.has_fieldref()) {
      return Status::Error("env " + var.name() +
                           ": only valueFrom.fieldRef is supported (no configMaps, secrets or "
                           "resourceFieldRef without an API server)");
    }
    auto value = FieldValue(from.fieldref().fieldpath(), pod);
    if (!value.ok()) return Status::Error("env " + var.name() + ": " + value.status().message());
    set(var.name(), std::move(value).value());
  }
  return env;
}

}  // namespace armada::localstack
