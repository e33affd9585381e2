// A container's environment: a small fixed base (PATH, HOSTNAME, HOME) and
// the spec's `env`, with the downward API's fieldRef values resolved. Nothing
// is inherited from the server's environment.
//
// Contract: later entries override earlier ones by name, as in Kubernetes.
// Supported fieldRef paths: metadata.name, metadata.namespace, metadata.uid,
// metadata.labels['k'], metadata.annotations['k'], spec.nodeName,
// spec.serviceAccountName, status.podIP and status.hostIP (the pod's).
// Anything else (configMapKeyRef, secretKeyRef, resourceFieldRef, unknown
// paths) is an error naming the variable: there is no API server to ask.
// `$(VAR)` references are not expanded.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "localstack/pod/job_spec.h"
#include "localstack/pod/pod_identity.h"

namespace armada::localstack {

// The environment for `container`; see the file comment.
StatusOr<std::vector<std::pair<std::string, std::string>>> ContainerEnvironment(
    const ContainerSpec& container, const PodIdentity& pod);

}  // namespace armada::localstack
