// Control groups for job containers: a memory limit the kernel enforces (and
// whose OOM kills it counts), a CPU quota, a process limit, and a handle on
// every process a container started, even ones that left its process group.
//
// Layout: "<this process's cgroup>/<prefix>-<pid>/<job id>/<container>" in the
// memory, cpu and pids hierarchies, so each server instance owns one subtree and
// job groups stay inside whatever limits the server itself runs under. The
// pod's group holds the limits of the pod as a whole, as a kubelet's pod
// cgroup does: the process limit (kubelet's podPidsLimit: a pod of many
// containers gets no more processes than a pod of one) and, when every
// container has a memory limit, their sum (or the largest init container's,
// when larger). One group per container below it gives each container its
// own memory limit and CPU quota and attributes an OOM kill to the container
// that caused it, as the kubelet does.
//
// cgroup v1 (memory.limit_in_bytes, memory.oom_control's oom_kill,
// cpu.cfs_quota_us, pids.max) and v2 (memory.max, memory.events' oom_kill,
// cpu.max, pids.max) are both understood. A controller the host does not
// offer or does not let this process write is reported unavailable, with
// why and what to do, rather than failing.
//
// On v2 a cgroup other than the root passes controllers to its children only
// while no process is in it. So the processes of this process's cgroup (the
// root of a container's cgroup namespace, or a service's cgroup) move to a
// leaf below it, "init", as Docker's docker-in-docker entrypoint does, and
// the controllers its parent delegates are enabled in it. An instance that
// starts in such a leaf puts its subtree beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::localstack {

// One container's group, in each available controller.
class ContainerCgroup {
 public:
  // The cgroup.procs files a process writes "0" to in order to join; the
  // container's child does this before exec so nothing escapes the limit.
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  // How many times the kernel OOM-killed a process in the group.
  int64_t OomKills() const;
  // SIGKILLs every process in the group until none is left (bounded wait).
  // Returns whether the group is empty.
  bool KillAll() const;
  // With CreateGroup's quota_by_container: the file to write `cpu_quota()`
  // to, and that text, for the container to apply once its setup is done
  // (both "" when there is no quota to apply).
  const std::string& cpu_quota_file() const { return cpu_quota_file_; }
  const std::string& cpu_quota() const { return cpu_quota_; }

 private:
  friend class CgroupTree;
  bool v2_ = false;
  std::string memory_dir_;  // empty when memory is unavailable
  std::vector<std::string> dirs_;
  std::vector<std::string> procs_files_;
  std::string cpu_quota_file_, cpu_quota_;
};

// A pod's group, in each available controller, which its containers' groups
// go below.
class PodCgroup {
 public:
  // The pod's process limit when its processes have reached it, else
  // nullopt: each container needs one (its init) before its command can
  // fork, and moving a process into a group ignores the limit.
  std::optional<int64_t> ReachedProcessLimit() const;

 private:
  friend class CgroupTree;
  std::string pids_dir_;  // empty when pids is unavailable
};

class CgroupTree {
 public:
  // Finds the memory, cpu and pids controllers (on v2 enabling them as
  // above) and creates this server's subtree, named "<prefix>-<pid>", first
  // removing subtrees of that prefix whose process is gone (a server that
  // was SIGKILLed). Never fails: unusable controllers are reported by
  // memory()/cpu()/pids() and why by problems(). Memory counts as usable
  // only with OOM detection (the kernel's oom_kill count).
  // Every pod group gets pids.max = `pids_limit`.
  static CgroupTree Create(const std::string& prefix, int64_t pids_limit = kDefaultPidsLimit);
  // Only removes what Create would remove first (for --cleanup).
  static void RemoveStale(const std::string& prefix);

  static constexpr int64_t kDefaultPidsLimit = 1024;

  bool memory() const { return !memory_root_.empty(); }
  bool cpu() const { return !cpu_root_.empty(); }
  bool pids() const { return !pids_root_.empty(); }
  // Why a controller is unavailable and what to do, one sentence each;
  // empty when all are available.
  const std::vector<std::string>& problems() const { return problems_; }
  // The limits the unavailable controllers leave unenforced, in words
  // ("memory limits and OOM detection", "CPU limits", "a process limit").
  std::vector<std::string> MissingLimits() const;
  // The subtree's directory in the memory hierarchy ("" when unavailable).
  const std::string& memory_root() const { return memory_root_; }

  // Creates the pod's group "<job>" with its process limit and, when
  // given, its memory limit (memory and swap together, as for a container).
  StatusOr<PodCgroup> CreatePod(const std::string& job_id,
                                std::optional<int64_t> memory_bytes) const;
  // REQUIRES: CreatePod(job_id) succeeded. Creates "<job>/<container>" with
  // the given limits (absent: unlimited).
  // With `quota_by_container` the CPU quota is not written but left to the
  // container (cpu_quota_file()), which applies it once its runtime's setup
  // is done and before its command runs: with a quota of a few milli-CPUs,
  // the setup (namespaces, mounts, the root) would otherwise be throttled to
  // seconds, which no container runtime charges to the container.
  StatusOr<ContainerCgroup> CreateGroup(const std::string& job_id, const std::string& container,
                                        std::optional<int64_t> memory_bytes,
                                        std::optional<int64_t> milli_cpu,
                                        bool quota_by_container = false) const;
  // Kills what is left in the groups of the job's `containers` and removes
  // them, then the pod's group; a group that does not exist is skipped.
  void RemoveJob(const std::string& job_id, const std::vector<std::string>& containers) const;
  // Kills what is left anywhere in the subtree and removes it.
  void RemoveAll() const;

 private:
  bool v2_memory_ = false;
  bool v2_cpu_ = false;
  bool v2_pids_ = false;
  int64_t pids_limit_ = kDefaultPidsLimit;
  std::string memory_root_;
  std::string cpu_root_;
  std::string pids_root_;
  std::vector<std::string> problems_;
};

}  // namespace armada::localstack
