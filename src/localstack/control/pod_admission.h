// What a cluster says about a pod that armada-localstack must work out from
// its own settings (localstack_config.h), at the three points a cluster says
// it: the submit API, the API server creating the pod, the kubelet starting it.
//
// Contract:
// - NeedsKubernetes: the first thing a submit item asks for that only a
//   Kubernetes API gives: a service (`services`), an explicit
//   automountServiceAccountToken: true, a volume other than emptyDir or
//   hostPath (named by its source, `...volumes[2].projected`), what a node
//   gives and armada-localstack never does (hostNetwork, hostPID, hostIPC,
//   shareProcessNamespace, runtimeClassName, resourceClaims, a container's
//   resources.claims, securityContext.privileged or a ports[].hostPort, a
//   user or group id beyond what a container's user namespace maps:
//   pod/run_as.h), an image the table marks needsKubernetesApi. The
//   server refuses such an item with INVALID_ARGUMENT and an ErrorInfo of
//   reason kNeedsKubernetesReason (api/localstack_protocol.h) naming the field.
// - PodCreationError: the API server's answer when the executor creates the
//   pod: a namespace that does not exist (`namespaces "x" not found`, which
//   Armada's executor treats as fatal), ephemeralContainers (Kubernetes
//   refuses them on create), a container without an image, or a
//   securityContext id outside 0..2^31-1.
// - ResolveImages: the pod as the kubelet runs it: every container's argv in
//   `command` (args cleared) following Kubernetes' rule (command + args;
//   without command, the image's entrypoint + args; without both, entrypoint
//   + cmd). An image the table marks busyboxUserland gets PATH with
//   kBusyboxAppletDir first (as the container's first env entry, so the
//   spec's own PATH still wins). An image not in the table fails the pod as an image that cannot be
//   pulled (ErrImagePull), with a message saying how to add it.
// - NodeAccepts: whether the node's labels match the pod's nodeSelector and
//   its required node affinity (nodeSelectorTerms ORed, their
//   matchExpressions In/NotIn/Exists/DoesNotExist/Gt/Lt and matchFields on
//   metadata.name ANDed), and the pod tolerates each of its NoSchedule and
//   NoExecute taints, as the Kubernetes scheduler decides it. Preferred
//   affinity and pod (anti-)affinity play no part. A pod no node accepts
//   stays queued.
#pragma once

#include <optional>
#include <string>

#include "api/submit.pb.h"
#include "common/status.h"
#include "localstack/config/localstack_config.h"
#include "localstack/pod/job_spec.h"

namespace armada::localstack {

struct KubernetesNeed {
  // The request field that asks for it, e.g. job_request_items[0].services.
  std::string field;
  // One sentence for users.
  std::string message;
};

// `field` is the item's path, e.g. "job_request_items[0]".
std::optional<KubernetesNeed> NeedsKubernetes(const api::JobSubmitRequestItem& item,
                                              const std::string& field,
                                              const LocalstackSettings& settings);

// The API server's refusal of the pod, or nullopt.
std::optional<std::string> PodCreationError(const PodSpec& spec, const std::string& pod_namespace,
                                            const LocalstackSettings& settings);

// The pod with every container's argv resolved, or the kubelet's error (the
// pod's failure message).
StatusOr<PodSpec> ResolveImages(const PodSpec& spec, const LocalstackSettings& settings);

bool NodeAccepts(const config::Node& node, const PodSpec& spec);

}  // namespace armada::localstack
