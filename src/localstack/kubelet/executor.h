// The PodRunner that runs a job's pod on this machine, as a kubelet with
// restartPolicy Never would: init containers one after another, then all
// containers together, each step a ContainerGroup (see container_group.h for
// how a container starts, ends and is killed).
//
// Contract, beyond PodRunner's:
// - Each container gets its own memory/CPU/pids cgroup, its own process
//   group, and, with `isolation`, the namespaces and private root of
//   isolation.h, with the directory layer (dir_layer.h) of its pod's id
//   range. With isolation each pod gets its own network namespace and
//   address (pod_network.h; the identity's pod_ip and host_ip, and what
//   on_running is told) and its own host id range (pod_id_ranges.h), both
//   given back when Run returns; when either runs out the pod's containers
//   fail to start, saying so.
//   What the host refuses is listed once by unenforced() and the pod runs
//   without it.
// - Volumes: an emptyDir is a directory of the pod's (mode 0777, its
//   root's), shared by its init containers and containers, gone with it; a
//   hostPath is the host's directory, always read-only, and only when it
//   lies under an allowed prefix with its links resolved (AllowHostPaths). An emptyDir is made
//   and handed over through descriptors (init/dir_walk.h) and a pod's
//   directories are removed with RemoveTree (tree_removal.h): nothing a job
//   wrote there leads host root elsewhere.
// - A failing init container fails the pod without starting the rest; a
//   failing container fails the pod once every container has ended.
// - activeDeadlineSeconds, counted from the start of Run, ends the pod with
//   pod reason DeadlineExceeded; PodControl::Stop ends it on request. Both
//   send SIGTERM to every container's process group and SIGKILL after the
//   grace period; containers not yet started then are never started.
// - The pod's cgroup (cgroup.h) bounds its processes and, when every
//   container has a memory limit, its memory as a whole.
// - Termination messages are files on the tmpfs of mount points (isolated),
//   charged to the memory of the container that writes them.
// - When Run returns no process of the pod is left and its cgroups are gone;
//   its job directory is gone or, emptied, kept under a hidden name for a
//   later pod (see TakeJobDir).
// Thread-safe: Run may be called for several pods at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "localstack/kubelet/cgroup.h"
#include "localstack/kubelet/container_group.h"
#include "localstack/kubelet/dir_layers.h"
#include "localstack/kubelet/job_logs.h"
#include "localstack/kubelet/pod_id_ranges.h"
#include "localstack/kubelet/pod_network.h"
#include "localstack/pod/pod_runner.h"

namespace armada::localstack {

// How pods are spread over the host's addresses and ids.
struct PodHostSettings {
  std::string subnet = kDefaultPodSubnet;
  uint32_t id_ranges = kDefaultPodIdRanges;
  std::string id_lock_file = kPodIdLockFile;
};

class Executor final : public PodRunner {
 public:
  // `state_dir` holds one directory per running job (work dir, logs,
  // termination files) and, with `isolation`, a tmpfs (kMountPointsName,
  // run_dir.h) of the containers' layer mount points; `cgroups` must outlive
  // the executor. `isolation` runs containers through armada-localstack-init.
  Executor(std::string state_dir, const CgroupTree& cgroups, bool isolation,
           const PodHostSettings& pods = {});
  // Detaches the mount points' tmpfs.
  ~Executor() override;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  PodResult Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                const std::function<void(const std::string&)>& on_running) const override;
  const std::string& unenforced() const override { return unenforced_; }
  // Removes the job's kept logs.
  void Forget(const std::string& job_id) const override;

  // The directory of a job's files.
  std::string JobDir(const std::string& job_id) const;

  // Hands each pod's container logs to logs (which must outlive the
  // executor) before its job directory goes, for the Binoculars service.
  void KeepLogsIn(const JobLogs* logs) { logs_ = logs; }

  // The prefixes hostPath volumes must lie under once their links are
  // resolved (host_path_policy.h); none by default.
  void AllowHostPaths(std::vector<std::string> prefixes) {
    allowed_host_paths_ = std::move(prefixes);
  }

 private:
  using Clock = std::chrono::steady_clock;
  // Why a pod is ending before its containers did.
  enum class Ending { kNone, kStopped, kDeadline };

  // Starts `group` and watches it until all its containers have ended,
  // terminating it on a stop or at `deadline`; `announce` is called once any
  // container has started. Returns why the group had to be terminated.
  static Ending RunGroup(ContainerGroup& group, const PodSpec& spec, const PodControl& control,
                         std::optional<Clock::time_point> deadline,
                         const std::function<void()>& announce);
  // Makes `job_dir`, empty: an emptied directory of an ended pod renamed, or
  // a new one. Making and removing an ext4 directory per job is dear (on a
  // journal-less ext4 an inode's allocation scans past every inode freed in
  // the last minutes, so the price grows with the job rate); a rename is not.
  void TakeJobDir(const std::string& job_dir) const;
  // Removes what is in `job_dir` and keeps it for TakeJobDir, or removes it
  // when it cannot be emptied or enough are kept.
  void ReleaseJobDir(const std::string& job_dir) const;

  std::string state_dir_;
  const CgroupTree& cgroups_;
  bool mount_namespaces_;
  // With isolation; null when they could not be made.
  std::unique_ptr<PodNetworks> networks_;
  std::unique_ptr<PodIdRanges> id_ranges_;
  std::unique_ptr<DirLayers> dir_layers_;
  // The mounted tmpfs of the layer mount points, or "" (job dirs hold them).
  std::string mount_points_;
  std::string unenforced_;
  const JobLogs* logs_ = nullptr;
  std::vector<std::string> allowed_host_paths_;
  mutable std::mutex spare_mu_;
  // Emptied job directories (state_dir/jobs/.spare-N), guarded by spare_mu_.
  mutable std::vector<std::string> spare_job_dirs_;
  mutable uint64_t next_spare_ = 0;
};

}  // namespace armada::localstack
