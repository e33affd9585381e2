#include "localstack/control/unenforced_limits.h"

#include "api/localstack_protocol.h"
#include "localstack/pod/job_spec.h"

namespace armada::localstack {
namespace {

// The first container limit `name` (memory, cpu) the item sets, as a field path.
std::optional<std::string> LimitField(const api::JobSubmitRequestItem& item,
                                      const std::string& field, const std::string& name) {
  const PodSpec& pod = PodSpecOf(item);
  const std::string spec = field + (item.pod_specs_size() > 0 ? ".pod_specs[0]" : ".pod_spec");
  for (int i = 0; i < pod.containers_size(); ++i) {
    if (pod.containers(i).resources().limits().count(name) > 0) {
      return spec + ".containers[" + std::to_string(i) + "].resources.limits." + name;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Status> RefuseUnenforced(const api::JobSubmitRequestItem& item,
                                       const std::string& field, const UnenforcedLimits& limits) {
  if (!limits.any()) return std::nullopt;
  std::string what = "isolation";
  std::string at = field;
  if (auto memory = LimitField(item, field, "memory"); memory && limits.memory) {
    what = "memory limits";
    at = *memory;
  } else if (auto cpu = LimitField(item, field, "cpu"); cpu && limits.cpu) {
    what = "CPU limits";
    at = *cpu;
  } else if (!limits.isolation) {
    return std::nullopt;  // it asks for no limit the host lacks
  }
  return Status::FailedPrecondition(
             "needs root for " + what + ": armada-localstack cannot enforce them here (" +
             limits.details +
             "); run it as root, or pass it --run-unenforced to run such jobs unconfined")
      .WithReason(kNeedsRootReason, {{"field", at}});
}

}  // namespace armada::localstack
