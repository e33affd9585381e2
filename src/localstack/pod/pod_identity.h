// What a pod is, seen from inside: the identity the downward API tells its
// containers and the fixed addresses and paths both sides of the PodRunner
// seam agree on (the control plane names them in events and specs; the
// kubelet provides them).
#pragma once

#include <map>
#include <string>

namespace armada::localstack {

// The pod's IP and the node's when its containers share the host's network
// namespace (no isolation); with one of its own the kubelet sets both.
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
  // status.podIP and status.hostIP.
  std::string pod_ip = kPodIp;
  std::string host_ip = kPodIp;
};

// Where the busybox applets are, in a container (kubelet/dir_layer.h puts
// them there; control/pod_admission.h puts them on PATH).
inline constexpr char kBusyboxAppletDir[] = "/opt/armada-localstack/busybox/bin";

}  // namespace armada::localstack
