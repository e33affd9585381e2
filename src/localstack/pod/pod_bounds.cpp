#include "localstack/pod/pod_bounds.h"

#include "localstack/pod/job_spec.h"

// pod_spec is deprecated in favour of pod_specs, but clients still send it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {

std::string PodField(const api::JobSubmitRequestItem& item, const std::string& field) {
  return field + (item.pod_specs_size() > 0 ? ".pod_specs[0]" : ".pod_spec");
}

Status CheckPodBounds(const api::JobSubmitRequestItem& item, const std::string& field) {
  const std::string pod_field = PodField(item, field);
  const PodSpec& pod = PodSpecOf(item);
  if (const size_t size = pod.ByteSizeLong(); size > kMaxPodSpecBytes) {
    return Status::Error(pod_field + ": the pod spec has " + std::to_string(size) +
                         " bytes, more than the " + std::to_string(kMaxPodSpecBytes) +
                         " Armada's server accepts (maxPodSpecSizeBytes)");
  }
  if (pod.has_activedeadlineseconds()) {
    const int64_t seconds = pod.activedeadlineseconds();
    if (seconds < 1 || seconds > kMaxActiveDeadlineSeconds) {
      return Status::Error(pod_field + ".activeDeadlineSeconds: " + std::to_string(seconds) +
                           " must be between 1 and " + std::to_string(kMaxActiveDeadlineSeconds) +
                           ", inclusive");
    }
  }
  if (pod.has_terminationgraceperiodseconds() && pod.terminationgraceperiodseconds() != 0) {
    const int64_t seconds = pod.terminationgraceperiodseconds();
    if (seconds < kMinGraceSeconds || seconds > kMaxGraceSeconds) {
      return Status::Error(pod_field +
                           ".terminationGracePeriodSeconds: " + std::to_string(seconds) +
                           " must be between " + std::to_string(kMinGraceSeconds) + " and " +
                           std::to_string(kMaxGraceSeconds) + ", or 0 or omitted");
    }
  }
  return Status();
}

}  // namespace armada::localstack
