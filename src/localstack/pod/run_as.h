// The ids a container's command runs as, inside the user namespace that
// maps its ids 0..kContainerIds-1 (kubelet/isolation.h), resolved as the
// kubelet and its runtime resolve a securityContext: the container's
// runAsUser and runAsGroup over the pod's; group 0 when only a user is given
// (the images armada-localstack runs name no USER); supplementary groups the
// pod's supplementalGroups, then its fsGroup.
//
// Contract: RunAsOf is nullopt when no securityContext names an id (the
// command runs as the container's root). InvalidRunAsId is the API server's
// words for an id its validation refuses when the pod is created (below 0 or
// above 2^31-1); UnmappableRunAsId names the field of an id the user
// namespace cannot map (kContainerIds and up), which a node without user
// namespaces runs and armada-localstack cannot. RootDespiteRunAsNonRoot finds
// a container the kubelet would refuse to create (verifyRunAsNonRoot,
// pkg/kubelet/kuberuntime/security_context_others.go): its runAsNonRoot,
// the container's over the pod's, is true while it would run as root.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "localstack/pod/job_spec.h"

namespace armada::localstack {

// How many ids each container's user namespace maps, from 0.
inline constexpr uint32_t kContainerIds = 65536;

struct RunAs {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> groups;
};

// REQUIRES: InvalidRunAsId(pod) and UnmappableRunAsId(pod) found nothing.
std::optional<RunAs> RunAsOf(const PodSpec& pod, const ContainerSpec& container);

// `pod_field` is the pod's path: "spec" as the API server says it, or
// "job_request_items[0].pod_specs[0]" in a submit request.
// "spec.securityContext.runAsUser: Invalid value: -1: must be ...", or nullopt.
std::optional<std::string> InvalidRunAsId(const PodSpec& pod, const std::string& pod_field);

// The field of the first valid id at or above kContainerIds, or nullopt.
std::optional<std::string> UnmappableRunAsId(const PodSpec& pod, const std::string& pod_field);

// The first container runAsNonRoot forbids to run as it would (as root):
// the runAsNonRoot field that applies and the kubelet's words, or nullopt.
struct NonRootBreach {
  std::string field;
  std::string kubelet_error;
};
std::optional<NonRootBreach> RootDespiteRunAsNonRoot(const PodSpec& pod,
                                                     const std::string& pod_field);

}  // namespace armada::localstack
