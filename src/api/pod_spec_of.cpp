#include "api/pod_spec_of.h"

// Reading the deprecated field is the point: clients still send it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada {
namespace {

template <typename T>
const k8s::io::api::core::v1::PodSpec& MainPodSpec(const T& job) {
  if (job.has_pod_spec() || job.pod_specs_size() == 0) return job.pod_spec();
  return job.pod_specs(0);
}

}  // namespace

const k8s::io::api::core::v1::PodSpec& PodSpecOf(const api::JobSubmitRequestItem& item) {
  return MainPodSpec(item);
}

const k8s::io::api::core::v1::PodSpec& PodSpecOf(const api::Job& job) { return MainPodSpec(job); }

}  // namespace armada
