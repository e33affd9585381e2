// A container's environment: a small fixed base (PATH, HOSTNAME, HOME) and
// the spec's `env`, with the downward API's fieldRef values resolved. Nothing
// is inherited from the server's environment.
//
// Contract: later entries override earlier ones by name, as in Kubernetes.
// Supported fieldRef paths: metadata.name, metadata.namespace, metadata.uid,
// metadata.labels['k'], metadata.annotations['k'], spec.nodeName,
// spec.serviceAccountName, status.podIP and status.hostIP (both 127.0.0.1).
// Anything else (configMapKeyRef, secretKeyRef, resourceFieldRef, unknown
// paths) is an error naming the variable: there is no API server to ask.
// `$(VAR)` references are not expanded.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "localstack/job_spec.h"

namespace armada::localstack {

// The pod's IP and the node's: jobs share the host's network namespace.
inline constexpr char kPodIp[] = "127.0.0.1";

// PATH unless the spec sets it.
inline constexpr char kDefaultContainerPath[] =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// What the downward API can tell a container about its pod.
struct PodIdentity {
  std::string job_id;
  // The pod's UID (metadata.uid), which is also the run's id.
  std::string uid;
  std::string name;
  std::string namespace_;
  std::string node_name;
  std::string service_account;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

// The environment for `container`; see the file comment.
StatusOr<std::vector<std::pair<std::string, std::string>>> ContainerEnvironment(
    const ContainerSpec& container, const PodIdentity& pod);

}  // namespace armada::localstack
