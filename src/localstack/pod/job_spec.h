// What a submitted job asks for: validation of a submit item and the
// resources its pod requests and is limited to.
//
// Contract:
// - ValidateSubmitItem accepts an item with a namespace (Armada: "namespace
//   is a required field"), exactly one pod spec (pod_specs[0] or the
//   deprecated pod_spec), at least one container (what it runs may come from
//   its image, see pod_admission.h), unique container names and unique volume
//   names that are DNS-1123 labels (as Kubernetes requires; an empty name is
//   refused too: both become names of host directories and files, where a
//   "/" or ".." would reach outside them), parseable non-negative quantities,
//   and, in each container and init container, Armada's resource rules
//   (submit_request.go@v0.22.7, same at v0.20.40): some resources, the same
//   ones in requests and limits, each request equal to its limit. An error
//   names the field, e.g.
//   `job_request_items[0].pod_specs[0].containers[0].resources.limits[memory]:
//   invalid quantity "25MB"`, followed by Armada's words where Armada has a rule.
// - Resources a container leaves out are filled in after validation
//   (config/default_job_limits.h), so a container's request is what it
//   requests. The pod requests the sum over its containers, or the largest
//   init container's request when that is larger (init containers run one at
//   a time, before).
// - The other functions have a validated item as precondition.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/pod_spec_of.h"
#include "api/submit.pb.h"
#include "common/status.h"
#include "localstack/pod/resources.h"

namespace armada::localstack {

using PodSpec = k8s::io::api::core::v1::PodSpec;
using ContainerSpec = k8s::io::api::core::v1::Container;

// Kubernetes' DNS-1123 label: lower-case letters, digits and '-', at most 63,
// starting and ending with a letter or digit.
bool IsDnsLabel(const std::string& name);

// Checks one item; `field` is its path, e.g. "job_request_items[0]".
Status ValidateSubmitItem(const api::JobSubmitRequestItem& item, const std::string& field);

// What the pod asks the scheduler for.
Resources PodRequest(const PodSpec& pod);

// What the submitted event's job carries as scheduling_resource_requirements,
// as Armada computes it (SchedulingResourceRequirementsFromPodSpec,
// pkg/api/util.go@v0.22.7): requests and limits summed over the containers,
// the largest init container's where that is larger. A quantity from one
// container keeps its text ("1Gi"); a sum is written in millis ("1500m") or
// units.
k8s::io::api::core::v1::ResourceRequirements SchedulingRequirements(const PodSpec& pod);

// The resources other than cpu, memory and ephemeral-storage its containers
// request a non-zero amount of (extended resources such as nvidia.com/gpu),
// sorted: no armada-localstack node offers them.
std::vector<std::string> ExtendedResources(const PodSpec& pod);

// A container's limits; absent means unlimited.
struct ContainerLimits {
  std::optional<int64_t> memory_bytes;
  std::optional<int64_t> milli_cpu;
};
ContainerLimits LimitsOf(const ContainerSpec& container);
// The pod's memory limit as a kubelet sets its pod cgroup's: when every
// container and init container has one, the sum over the containers or the
// largest init container's when that is larger; else nullopt (unlimited).
// Saturates at INT64_MAX rather than wrapping.
std::optional<int64_t> PodMemoryLimit(const PodSpec& pod);

// The container's name, or "container-<index>" ("init-<index>" for init
// containers) when the spec leaves it empty (a spec that did not come through
// ValidateSubmitItem, such as an executor test's).
std::string ContainerName(const ContainerSpec& container, int index, bool is_init);

// Calls visit(container, "initContainers[i]" or "containers[i]") for each of
// the pod's containers, init containers first: the field path refusals name.
void ForEachContainer(const PodSpec& pod,
                      const std::function<void(const ContainerSpec&, const std::string&)>& visit);

}  // namespace armada::localstack
