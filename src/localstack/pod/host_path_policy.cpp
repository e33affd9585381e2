#include "localstack/pod/host_path_policy.h"

#include <algorithm>

namespace armada::localstack {
namespace {

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Whether `path` is absolute with no empty, "." or ".." component (a
// trailing '/' aside).
bool IsCleanAbsolute(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  const std::string rest = WithoutTrailingSlash(path);
  for (size_t start = 1; start <= rest.size() && rest != "/";) {
    const size_t end = std::min(rest.find('/', start), rest.size());
    const std::string part = rest.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

bool HostPathAllowed(const std::string& path, const std::vector<std::string>& allowed) {
  if (!IsCleanAbsolute(path)) return false;
  const std::string p = WithoutTrailingSlash(path);
  for (const std::string& entry : allowed) {
    const std::string prefix = WithoutTrailingSlash(entry);
    if (!IsCleanAbsolute(prefix)) continue;
    if (prefix == "/" || p == prefix || p.rfind(prefix + "/", 0) == 0) return true;
  }
  return false;
}

Status CheckHostPaths(const PodSpec& pod, const std::vector<std::string>& allowed,
                      const std::string& pod_field) {
  for (int i = 0; i < pod.volumes_size(); ++i) {
    const auto& source = pod.volumes(i).volumesource();
    if (!source.has_hostpath()) continue;
    const std::string& path = source.hostpath().path();
    const std::string field = pod_field + ".volumes[" + std::to_string(i) + "].hostPath.path";
    if (!IsCleanAbsolute(path)) {
      return Status::Error(field + ": \"" + path.substr(0, 256) +
                           "\" is not an absolute path without \".\" and \"..\"");
    }
    if (HostPathAllowed(path, allowed)) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Status::Error(
        field + ": hostPath " + path.substr(0, 256) +
        " is not allowed: localstack.yaml's allowedHostPaths " +
        (allowed.empty() ? std::string("allows none") : "allows only paths under " + list) +
        " (add a prefix there to mount it, read-only)");
  }
  return Status();
}

}  // namespace armada::localstack
