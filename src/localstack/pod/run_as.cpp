#include "localstack/pod/run_as.h"

#include <functional>
#include <limits>

namespace armada::localstack {
namespace {

// Calls visit(field, id) for every id the pod's security contexts name.
void ForEachId(const PodSpec& pod, const std::string& pod_field,
               const std::function<void(const std::string&, int64_t)>& visit) {
  const auto& p = pod.securitycontext();
  const std::string ps = pod_field + ".securityContext.";
  if (p.has_runasuser()) visit(ps + "runAsUser", p.runasuser());
  if (p.has_runasgroup()) visit(ps + "runAsGroup", p.runasgroup());
  if (p.has_fsgroup()) visit(ps + "fsGroup", p.fsgroup());
  for (int i = 0; i < p.supplementalgroups_size(); ++i) {
    visit(ps + "supplementalGroups[" + std::to_string(i) + "]", p.supplementalgroups(i));
  }
  ForEachContainer(pod, [&](const ContainerSpec& container, const std::string& where) {
    const auto& c = container.securitycontext();
    const std::string cs = pod_field + "." + where + ".securityContext.";
    if (c.has_runasuser()) visit(cs + "runAsUser", c.runasuser());
    if (c.has_runasgroup()) visit(cs + "runAsGroup", c.runasgroup());
  });
}

}  // namespace

std::optional<RunAs> RunAsOf(const PodSpec& pod, const ContainerSpec& container) {
  const auto& p = pod.securitycontext();
  const auto& c = container.securitycontext();
  const bool user = c.has_runasuser() || p.has_runasuser();
  const bool group = c.has_runasgroup() || p.has_runasgroup();
  if (!user && !group && p.supplementalgroups().empty() && !p.has_fsgroup()) return std::nullopt;
  RunAs run_as;
  if (user) run_as.uid = static_cast<uint32_t>(c.has_runasuser() ? c.runasuser() : p.runasuser());
  if (group) {
    run_as.gid = static_cast<uint32_t>(c.has_runasgroup() ? c.runasgroup() : p.runasgroup());
  }
  for (const int64_t g : p.supplementalgroups()) run_as.groups.push_back(static_cast<uint32_t>(g));
  if (p.has_fsgroup()) run_as.groups.push_back(static_cast<uint32_t>(p.fsgroup()));
  return run_as;
}

std::optional<std::string> InvalidRunAsId(const PodSpec& pod, const std::string& pod_field) {
  std::optional<std::string> invalid;
  ForEachId(pod, pod_field, [&](const std::string& field, int64_t id) {
    if (!invalid && (id < 0 || id > std::numeric_limits<int32_t>::max())) {
      invalid = field + ": Invalid value: " + std::to_string(id) +
                ": must be between 0 and 2147483647, inclusive";
    }
  });
  return invalid;
}

std::optional<std::string> UnmappableRunAsId(const PodSpec& pod, const std::string& pod_field) {
  std::optional<std::string> found;
  ForEachId(pod, pod_field, [&](const std::string& field, int64_t id) {
    if (!found && id >= kContainerIds && id <= std::numeric_limits<int32_t>::max()) found = field;
  });
  return found;
}

std::optional<NonRootBreach> RootDespiteRunAsNonRoot(const PodSpec& pod,
                                                     const std::string& pod_field) {
  std::optional<NonRootBreach> found;
  const auto& p = pod.securitycontext();
  ForEachContainer(pod, [&](const ContainerSpec& container, const std::string& where) {
    const auto& c = container.securitycontext();
    if (found || !(c.has_runasnonroot() ? c.runasnonroot() : p.runasnonroot())) return;
    const std::string field = c.has_runasnonroot() ? pod_field + "." + where + ".securityContext"
                                                   : pod_field + ".securityContext";
    const bool user = c.has_runasuser() || p.has_runasuser();
    const int64_t uid = c.has_runasuser() ? c.runasuser() : p.runasuser();
    // The images armada-localstack runs name no USER: they run as root.
    if (user && uid != 0) return;
    found = NonRootBreach{field + ".runAsNonRoot",
                          user ? "container's runAsUser breaks non-root policy"
                               : "container has runAsNonRoot and image will run as root"};
  });
  return found;
}

}  // namespace armada::localstack
