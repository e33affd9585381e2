// Containers that run side by side as one step of a pod: a single init
// container, or all of a pod's main containers. The Executor drives a group
// through its life: Start, Poll until every container has ended, and, when
// the pod must end early, BeginTermination and EnforceKill.
//
// Contract:
// - Add creates the container's empty termination file; its log and that
//   file live in the pod's job_dir, named after the container.
// - Start launches each container with its argv (command + args), working
//   directory (workingDir, else the pod's work_dir), environment
//   (ContainerEnvironment), own memory/CPU/pids cgroup (limits), own process
//   group and, with isolation, the namespaces and private root of
//   isolation.h in the pod's network namespace and id range (its working directory then defaults to
//   "/"; its volumeMounts are mounted, read-only when the mount or the volume says so). A container
//   that cannot start, or whose isolated root cannot be built, ends as
//   StartError with exit code 128 and the others still start; so does one
//   that would start once the pod's processes have reached its limit.
// - A container's log keeps at most about its last kMaxLogBytes on disk
//   (Kubernetes' containerLogMaxSize default): Poll frees what is older
//   (it then reads as zeros), and Wait wakes at least every second while a
//   container runs so that Poll looks.
// - Poll does not wait for running containers. When a container's main
//   process has ended, what is left of the container (its process group, its
//   cgroup) is killed, as a runtime does, and its outcome is fixed: OOMKilled when its cgroup
//   counted an OOM kill, else Error for a non-zero exit and Completed for zero; the termination
//   message is the termination file's head, or with FallbackToLogsOnError and a failure, the log's
//   tail when that is empty.
// - BeginTermination sends SIGTERM (SIGKILL for a zero grace period) to every
//   container still running and sets the kill time to now + grace; a later
//   ShortenGrace can only bring it forward. EnforceKill sends SIGKILL to every
//   container still running once the kill time has come.
// - Wait sleeps until a running container's main process ends (watched
//   through a pidfd, so an end is seen at once rather than at the next poll),
//   a given descriptor turns readable, or the timeout passes. On a host
//   without pidfds it sleeps at most a short poll interval instead.
// - Destroying the group SIGKILLs the process group of every container still
//   running; removing the cgroups is the owner's (CgroupTree::RemoveJob).
// Not thread-safe; copying deleted.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "localstack/kubelet/cgroup.h"
#include "localstack/kubelet/container_env.h"
#include "localstack/kubelet/pod_id_ranges.h"
#include "localstack/kubelet/pod_process.h"
#include "localstack/pod/job_spec.h"
#include "localstack/pod/pod_outcome.h"

namespace armada::localstack {

inline constexpr int64_t kMaxLogBytes = 10 << 20;

// One of the pod's volumes on the host.
struct PodVolume {
  std::string source;
  bool read_only = false;
  // Why it cannot be mounted, or "".
  std::string problem;
};

// Where one pod's containers run; shared by the groups of that pod. The
// pointers must outlive every group using it.
struct PodHost {
  const PodIdentity* pod = nullptr;
  // What containers take from the pod (its securityContext's ids).
  const PodSpec* spec = nullptr;
  const CgroupTree* cgroups = nullptr;
  // The pod's group (CgroupTree::CreatePod), which the containers' go
  // below; null without cgroups.
  const PodCgroup* pod_cgroup = nullptr;
  // Why none of the pod's containers can start (its cgroup, id range or
  // network could not be made), which every container then fails with; "".
  std::string pod_problem;
  bool mount_namespaces = false;
  // Holds the containers' logs, termination files and, unless mount_dir is
  // set, their layer mount points.
  std::string job_dir;
  // Where each container's directory for its layer mount point goes
  // (mount_dir/<name>), or "" for job_dir.
  std::string mount_dir;
  // The working directory of a container without workingDir.
  std::string work_dir;
  // The directory layer's path and user namespace (isolation.h), or "".
  std::string dir_layer;
  int dir_layer_ids_fd = -1;
  // The first host id of the pod's range (pod_id_ranges.h).
  uint32_t id_base = kJobIdBase;
  // The pod's network namespace (pod_network.h), or -1 for the host's.
  int netns_fd = -1;
  // The pod's volumes by name.
  std::map<std::string, PodVolume> volumes;
};

class ContainerGroup {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ContainerGroup(PodHost host) : host_(std::move(host)) {}
  ~ContainerGroup();
  ContainerGroup(const ContainerGroup&) = delete;
  ContainerGroup& operator=(const ContainerGroup&) = delete;

  // REQUIRES: Start has not been called. `index` is the container's position
  // among the pod's init or main containers (it names unnamed ones).
  void Add(const ContainerSpec& spec, int index, bool is_init);
  // REQUIRES: called once. Returns whether any container started.
  bool Start();
  // REQUIRES: Start was called. Fixes the outcome of every container that
  // has ended; returns whether all have.
  bool Poll();
  // REQUIRES: Start was called, BeginTermination was not.
  void BeginTermination(int64_t grace_seconds);
  bool terminating() const { return kill_at_.has_value(); }
  // When EnforceKill will kill; nullopt before BeginTermination.
  std::optional<Clock::time_point> kill_at() const { return kill_at_; }
  // REQUIRES: terminating(). Moves the kill time to termination start + grace
  // when that is sooner.
  void ShortenGrace(int64_t grace_seconds);
  // REQUIRES: Start was called. Once the kill time has come, SIGKILLs every
  // container still running.
  void EnforceKill();
  // REQUIRES: Start was called. Sleeps until a container's main process
  // ends, `wake_fd` (when >= 0) polls readable, or `timeout` passes.
  void Wait(int wake_fd, Clock::duration timeout) const;

  // Every container's outcome in the order added, or nullopt while one has
  // not ended.
  std::optional<std::vector<ContainerOutcome>> outcomes() const;

 private:
  struct Container {
    ContainerSpec spec;
    std::string name;
    bool is_init = false;
    std::string log_file;
    std::string termination_file;
    std::optional<ContainerCgroup> cgroup;
    std::unique_ptr<PodProcess> process;
    // Readable once the main process has ended; -1 when not watched so.
    int pidfd = -1;
    std::optional<ContainerOutcome> outcome;
  };
  // Starts one container or fixes its StartError outcome.
  void StartOne(Container& c);
  void Finish(Container& c, int exit_code);
  static void Kill(Container& c);

  const PodHost host_;
  std::vector<Container> containers_;
  Clock::time_point terminating_since_;
  std::optional<Clock::time_point> kill_at_;
};

}  // namespace armada::localstack
