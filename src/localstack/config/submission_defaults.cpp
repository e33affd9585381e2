#include "localstack/config/submission_defaults.h"

#include <string>

#include "common/quantity.h"

namespace armada::localstack {
namespace {

constexpr int64_t kDefaultActiveDeadlineSeconds = 72 * 3600;
constexpr int64_t kGpuActiveDeadlineSeconds = 336 * 3600;
constexpr char kDefaultPriorityClass[] = "armada-default";
constexpr int64_t kMinTerminationGracePeriodSeconds = 1;

bool RequestsGpu(const k8s::io::api::core::v1::PodSpec& pod) {
  for (const auto& container : pod.containers()) {
    const auto& requests = container.resources().requests();
    const auto it = requests.find("nvidia.com/gpu");
    if (it == requests.end()) continue;
    auto quantity = Quantity::Parse(it->second.string());
    if (quantity.ok() && quantity->Amount() > 0) return true;
  }
  return false;
}

void AddToleration(k8s::io::api::core::v1::PodSpec* pod, const std::string& key) {
  auto* toleration = pod->add_tolerations();
  toleration->set_key(key);
  toleration->set_operator_("Equal");
  toleration->set_value("true");
  toleration->set_effect("NoSchedule");
}

}  // namespace

void ApplySubmissionDefaults(k8s::io::api::core::v1::PodSpec* pod) {
  if (!pod->has_activedeadlineseconds()) {
    pod->set_activedeadlineseconds(RequestsGpu(*pod) ? kGpuActiveDeadlineSeconds
                                                     : kDefaultActiveDeadlineSeconds);
  }
  if (pod->priorityclassname().empty()) pod->set_priorityclassname(kDefaultPriorityClass);
  AddToleration(pod, "armadaproject.io/armada");
  const std::string& priority_class = pod->priorityclassname();
  if (priority_class == "armada-default" || priority_class == "armada-preemptible") {
    AddToleration(pod, "armadaproject.io/pc-" + priority_class);
  }
  if (pod->terminationgraceperiodseconds() == 0) {
    pod->set_terminationgraceperiodseconds(kMinTerminationGracePeriodSeconds);
  }
}

}  // namespace armada::localstack
