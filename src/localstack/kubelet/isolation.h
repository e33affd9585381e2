// How a container is isolated from the host and from other jobs, decided in
// the executor and carried out by armada-localstack-init (see
// container_init.cpp for the steps):
//
// - Its own PID namespace and /proc (it cannot see or signal the host's
//   processes or the server), cgroup namespace (its own cgroups are its root),
//   mount, UTS (hostname = pod name) and IPC namespaces.
// - Root inside a user namespace that maps container ids 0..65535 to the
//   pod's own host id range (id_base.., pod_id_ranges.h), so it is never the
//   host's uid 0: host files keep their owners (shown as nobody) and their
//   permissions hold for it, /etc/shadow included; another pod's files and
//   keys are nobody's to it too.
// - A private root: an overlay of the host's / whose upper layer is a tmpfs of
//   its own, with tmpfs /tmp, /dev/shm and /root (its home, owned by it), a
//   fresh /proc, read-only /sys and a small /dev. It writes only there; every
//   byte counts against its memory limit; all of it ends with the container.
//   Paths the spec names (workingDir, terminationMessagePath) are created in
//   its layer, wherever they are. With the directory layer (dir_layer.h) the
//   host's directories are its root's, so it can create any path too.
// - Volumes: host directories bound at their mount paths (read-only ones
//   cannot be made writable from inside).
// - Its command runs as the ids its securityContext names (pod/run_as.h),
//   inside the user namespace, with no capabilities; otherwise as its root.
//   readOnlyRootFilesystem makes /, /tmp and /root read-only. Its
//   capabilities, in its user namespace, are a runtime's (capabilities.h).
// - The pod's network namespace (pod_network.h), shared by its containers:
//   its own loopback and one address the host reaches; the host's loopback
//   services and abstract UNIX sockets, and other pods', are out of reach.
//   Without one (netns_fd -1) the host's.
//
// Contract: ForContainer prepares the host side (the layer's mount point, the
// termination file handed to the container's root) and allocates; Start of
// PodProcess joins netns_fd, runs InitArgs in a new PID namespace, and maps
// the init's user namespace to id_base. REQUIRES: root.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/kubelet/pod_id_ranges.h"
#include "localstack/pod/run_as.h"

namespace armada::localstack {

// A host directory mounted into the container.
struct VolumeBind {
  std::string source;  // on the host
  std::string target;  // absolute, in the container
  bool read_only = false;
};

struct IsolationPlan {
  // `dir` is the container's own host directory (created, 0700, holding the
  // layer's mount point); `termination_file` is the
  // host file behind `termination_path`; `working_dir` is the spec's or "";
  // `id_base` the first host id of the pod's range.
  static StatusOr<IsolationPlan> ForContainer(uint32_t id_base, const std::string& dir,
                                              const std::string& hostname,
                                              const std::string& termination_file,
                                              const std::string& termination_path,
                                              const std::string& working_dir,
                                              std::optional<int64_t> memory_bytes);

  // The init binary's arguments to run `command` (absolute path first).
  std::vector<std::string> InitArgs(const std::vector<std::string>& command) const;

  uint32_t id_base = kJobIdBase;
  // The pod's network namespace (pod_network.h), or -1 for the host's.
  int netns_fd = -1;
  std::string layer_dir;
  std::string hostname;
  std::string termination_file, termination_path;
  std::string working_dir = "/";
  std::optional<int64_t> layer_bytes;
  // The directory layer (dir_layer.h) laid over the host's root, or "",
  // and the user namespace it is shown through (dir_layers.h), or -1.
  std::string dir_layer;
  int dir_layer_ids_fd = -1;
  std::vector<VolumeBind> volumes;
  // The container's CPU quota, written by the init once the root is built
  // and before the command runs (ContainerCgroup::cpu_quota_file); "" for none.
  std::string cpu_quota_file, cpu_quota;
  // The ids the command runs as, or nullopt for the container's root.
  std::optional<RunAs> run_as;
  // securityContext.readOnlyRootFilesystem.
  bool read_only_root = false;
  // The capabilities the command keeps (capabilities.h), bit N for number N.
  uint64_t capability_mask = 0;
};

// armada-localstack-init, looked up on the first call: where the install
// rules put it relative to this executable (PREFIX/libexec/armada-testsuite
// from PREFIX/bin), else beside it (the build tree).
StatusOr<std::string> InitBinary();

// Whether this host runs an isolated container, tried with `true` under
// `scratch_dir` (removed again). On failure `why` says why.
bool IsolationWorks(const std::string& scratch_dir, std::string* why);

}  // namespace armada::localstack
