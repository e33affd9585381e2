#include "localstack/kubelet/executor.h"

#include <dirent.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/words.h"
#include "localstack/init/dir_walk.h"
#include "localstack/kubelet/isolation.h"
#include "localstack/kubelet/run_dir.h"
#include "localstack/kubelet/tree_removal.h"
#include "localstack/pod/host_path_policy.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

// Kubernetes' terminationGracePeriodSeconds default.
constexpr int64_t kDefaultGraceSeconds = 30;
// How often SIGKILL is repeated for containers that outlive their kill time
// (a process in uninterruptible sleep dies only when it wakes).
constexpr auto kKillRepeatInterval = std::chrono::milliseconds(5);
constexpr auto kStopPollInterval = std::chrono::milliseconds(20);
// The tmpfs of mount points also holds the termination messages, each
// charged to the memory of the container that writes it: the size bounds
// what containers without a memory limit can put there together.
constexpr char kMountPointsOptions[] = "mode=0700,size=64m";
// At most this many emptied job directories are kept for reuse (about the
// most pods that run at once).
constexpr size_t kMaxSpareJobDirs = 1024;

// Makes the emptyDir volume `name` in JOB_DIR/volumes as a kubelet makes it:
// empty, writable by all, the container's root's. Through descriptors only
// (dir_walk.h), before any container can see it. A name that is no DNS label
// never gets here (job_spec.h); should one, it reaches no other directory.
Status MakeEmptyDir(const std::string& job_dir, const std::string& name, uint32_t id_base) {
  const std::string shown = job_dir + "/volumes/" + name;
  if (!IsDnsLabel(name)) return Status::Error("volume name \"" + name + "\" is not a DNS label");
  const int job_fd = ::open(job_dir.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (job_fd < 0) return Status::Error("cannot open " + job_dir + ": " + std::strerror(errno));
  const dir_walk::Walked volumes = dir_walk::MakeDirs(job_fd, "volumes");
  ::close(job_fd);
  if (volumes.fd < 0) {
    return Status::Error("cannot create " + job_dir + "/volumes: " + std::strerror(volumes.error));
  }
  const bool made = ::mkdirat(volumes.fd, name.c_str(), 0700) == 0;
  const int error = errno;
  const int fd = made ? dir_walk::OpenDir(volumes.fd, name, O_RDONLY) : -1;
  ::close(volumes.fd);
  if (!made) return Status::Error("cannot create " + shown + ": " + std::strerror(error));
  const bool handed = fd >= 0 && ::fchown(fd, id_base, id_base) == 0 && ::fchmod(fd, 0777) == 0;
  const std::string why = std::strerror(errno);
  if (fd >= 0) ::close(fd);
  if (!handed) return Status::Error("cannot hand " + shown + " to the container: " + why);
  return Status();
}

// Logs what a removal left, which the run directory's removal reports again.
void Remove(const std::string& path) {
  if (Status removed = RemoveTree(path); !removed.ok()) spdlog::warn("{}", removed.message());
}

}  // namespace

Executor::Executor(std::string state_dir, const CgroupTree& cgroups, bool mount_namespaces,
                   const PodHostSettings& pods)
    : state_dir_(std::move(state_dir)), cgroups_(cgroups), mount_namespaces_(mount_namespaces) {
  std::vector<std::string> missing = cgroups_.MissingLimits();
  if (!mount_namespaces_) missing.push_back("isolation (user, PID and mount namespaces)");
  if (mount_namespaces_) {
    auto ranges = PodIdRanges::Create(pods.id_ranges, pods.id_lock_file);
    if (!ranges.ok() && ranges.status().code() != StatusCode::kInvalidArgument) {
      // No shared lock file (a host without /run): this server's pods still
      // get ranges of their own, though another server's may overlap them.
      spdlog::warn("{}; pod id ranges are kept apart from this server's only",
                   ranges.status().message());
      ranges = PodIdRanges::Create(pods.id_ranges, state_dir_ + "/id-ranges.lock");
    }
    if (ranges.ok()) {
      id_ranges_ = std::move(ranges).value();
    } else {
      missing.push_back("a host id range per pod (" + ranges.status().message() + ")");
    }
    auto layers = DirLayers::Create(state_dir_);
    if (layers.ok()) {
      dir_layers_ = std::move(layers).value();
    } else {
      missing.push_back("paths created under the host's directories (" + layers.status().message() +
                        ")");
    }
    auto networks = PodNetworks::Create(pods.subnet);
    if (networks.ok()) {
      networks_ = std::move(networks).value();
    } else {
      missing.push_back("a network namespace per pod (" + networks.status().message() + ")");
    }
  }
  if (mount_namespaces_) {
    // A container's layer mount point is two directories made and removed
    // with it. On ext4 (the usual /tmp) each costs an inode, and without a
    // journal (as on these hosts) its allocation scans past every inode freed
    // in the last minutes, a price that grows with the job rate; on a tmpfs
    // they cost next to nothing. Nothing is ever written there from the
    // host, and inside a container the mount point is covered by its root.
    const std::string mounts = state_dir_ + "/" + kMountPointsName;
    if (::mkdir(mounts.c_str(), 0700) == 0 &&
        ::mount("armada-mounts", mounts.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                kMountPointsOptions) == 0) {
      mount_points_ = mounts;
    } else {
      spdlog::debug("no tmpfs for mount points at {}: {}", mounts, std::strerror(errno));
    }
  }
  if (!missing.empty()) unenforced_ = "this host cannot provide " + armada::ListInWords(missing);
}

Executor::~Executor() {
  if (!mount_points_.empty()) DetachDirLayer(mount_points_);
}

void Executor::Forget(const std::string& job_id) const {
  if (logs_ != nullptr) logs_->Forget(job_id);
}

std::string Executor::JobDir(const std::string& job_id) const {
  return state_dir_ + "/jobs/" + job_id;
}

void Executor::TakeJobDir(const std::string& job_dir) const {
  std::string spare;
  {
    std::lock_guard<std::mutex> lock(spare_mu_);
    if (!spare_job_dirs_.empty()) {
      spare = std::move(spare_job_dirs_.back());
      spare_job_dirs_.pop_back();
    }
  }
  if (!spare.empty()) {
    if (::rename(spare.c_str(), job_dir.c_str()) == 0) return;
    Remove(spare);
  }
  if (::mkdir(job_dir.c_str(), 0777) != 0 && errno == ENOENT) {
    std::error_code ec;
    fs::create_directories(job_dir, ec);  // state_dir/jobs is not there yet
  }
}

void Executor::ReleaseJobDir(const std::string& job_dir) const {
  // Emptied entry by entry, so that the directory itself can be reused.
  const int fd = ::open(job_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(::dup(fd));
  std::vector<std::string> names;
  while (const dirent* entry = dir != nullptr ? ::readdir(dir) : nullptr) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  bool emptied = dir != nullptr;
  if (dir != nullptr) ::closedir(dir);
  for (const std::string& name : names) {
    if (Status removed = RemoveTreeAt(fd, name, job_dir + "/" + name); !removed.ok()) {
      spdlog::warn("{}", removed.message());
      emptied = false;
    }
  }
  if (fd >= 0) ::close(fd);
  if (emptied) {
    std::lock_guard<std::mutex> lock(spare_mu_);
    if (spare_job_dirs_.size() < kMaxSpareJobDirs) {
      std::string spare = state_dir_ + "/jobs/.spare-" + std::to_string(next_spare_++);
      if (::rename(job_dir.c_str(), spare.c_str()) == 0) {
        spare_job_dirs_.push_back(std::move(spare));
        return;
      }
    }
  }
  Remove(job_dir);
}

Executor::Ending Executor::RunGroup(ContainerGroup& group, const PodSpec& spec,
                                    const PodControl& control,
                                    std::optional<Clock::time_point> deadline,
                                    const std::function<void()>& announce) {
  if (group.Start() && announce) announce();
  Ending ending = Ending::kNone;
  while (!group.Poll()) {
    if (ending == Ending::kNone) {
      if (control.stop_requested()) {
        ending = Ending::kStopped;
      } else if (deadline && Clock::now() >= *deadline) {
        ending = Ending::kDeadline;
      }
      if (ending != Ending::kNone) {
        group.BeginTermination(control.grace_override().value_or(
            spec.has_terminationgraceperiodseconds() ? spec.terminationgraceperiodseconds()
                                                     : kDefaultGraceSeconds));
      }
    } else if (const auto grace = control.grace_override()) {
      // A shutdown that came during a cancel's grace period.
      group.ShortenGrace(*grace);
    }
    group.EnforceKill();
    // Nothing changes before a container ends, a stop comes (both wake the
    // wait), the deadline or the kill time.
    const auto now = Clock::now();
    Clock::time_point wake = Clock::time_point::max();
    if (ending == Ending::kNone && deadline) wake = *deadline;
    if (const auto kill_at = group.kill_at()) {
      wake = *kill_at > now ? *kill_at : now + kKillRepeatInterval;
    }
    // Without a wake_fd (no eventfd) only a timer notices a stop.
    if (control.wake_fd() < 0) wake = std::min(wake, now + kStopPollInterval);
    group.Wait(control.wake_fd(),
               wake == Clock::time_point::max() ? Clock::duration::max() : wake - now);
    control.TakeWake();
  }
  return ending;
}

PodResult Executor::Run(const PodIdentity& pod_identity, const PodSpec& spec,
                        const PodControl& control,
                        const std::function<void(const std::string&)>& on_running) const {
  PodIdentity pod = pod_identity;
  PodHost host;
  host.pod = &pod;
  host.spec = &spec;
  host.cgroups = &cgroups_;
  host.mount_namespaces = mount_namespaces_;
  auto pod_cgroup = cgroups_.CreatePod(pod.job_id, PodMemoryLimit(spec));
  if (pod_cgroup.ok()) {
    host.pod_cgroup = &*pod_cgroup;
  } else {
    host.pod_problem = pod_cgroup.status().message();
  }
  std::optional<uint32_t> id_slot;
  if (id_ranges_) {
    auto slot = id_ranges_->Acquire();
    if (slot.ok()) {
      id_slot = *slot;
      host.id_base = IdBaseOf(*slot);
    } else if (host.pod_problem.empty()) {
      host.pod_problem = slot.status().message();
    }
  }
  PodNetwork network;
  if (networks_) {
    auto taken = networks_->Take();
    if (taken.ok()) {
      network = std::move(taken).value();
      host.netns_fd = network.netns_fd;
      pod.pod_ip = network.pod_ip;
      pod.host_ip = network.host_ip;
    } else if (host.pod_problem.empty()) {
      host.pod_problem = "the pod's network: " + taken.status().message();
    }
  }
  host.job_dir = JobDir(pod.job_id);
  TakeJobDir(host.job_dir);
  // An isolated container starts in its own root and never sees work_dir;
  // an ext4 directory made and removed for nothing is dear per job.
  if (!mount_namespaces_) {
    host.work_dir = host.job_dir + "/work";
    ::mkdir(host.work_dir.c_str(), 0777);
  }
  if (!mount_points_.empty()) {
    host.mount_dir = mount_points_ + "/" + pod.job_id;
    ::mkdir(host.mount_dir.c_str(), 0700);
  }
  if (dir_layers_) {
    const DirLayerView layer = dir_layers_->For(id_slot.value_or(0));
    host.dir_layer = layer.path;
    host.dir_layer_ids_fd = layer.ids_fd;
  }
  for (const auto& volume : spec.volumes()) {
    PodVolume& v = host.volumes[volume.name()];
    const auto& source = volume.volumesource();
    if (source.has_emptydir()) {
      v.source = host.job_dir + "/volumes/" + volume.name();
      if (Status made = MakeEmptyDir(host.job_dir, volume.name(), host.id_base); !made.ok()) {
        v.problem = "cannot create the emptyDir volume: " + made.message();
      }
    } else if (source.has_hostpath()) {
      // Always read-only: a job never changes the host's files. Checked at
      // submit, and again here with its links resolved: a link under an
      // allowed prefix must not lead elsewhere.
      v.read_only = true;
      std::error_code ec;
      const fs::path resolved = fs::canonical(source.hostpath().path(), ec);
      v.source = ec ? source.hostpath().path() : resolved.string();
      if (ec || !fs::is_directory(resolved, ec)) {
        v.problem = "hostPath " + source.hostpath().path() + " is not a directory on this host";
      } else if (!HostPathAllowed(v.source, allowed_host_paths_)) {
        v.problem = "hostPath " + source.hostpath().path() + " leads to " + v.source +
                    ", which localstack.yaml's allowedHostPaths does not allow";
      }
    } else {
      v.problem = "only emptyDir and hostPath volumes are supported without a Kubernetes API";
    }
  }

  const std::optional<Clock::time_point> deadline =
      spec.has_activedeadlineseconds()
          ? std::optional(Clock::now() + std::chrono::seconds(spec.activedeadlineseconds()))
          : std::nullopt;
  PodResult result;
  Ending ending = Ending::kNone;
  bool failed = false;
  // Runs one step of the pod and records its containers; false when the pod
  // must not go on.
  auto step = [&](ContainerGroup& group, const std::function<void()>& announce) {
    if (control.stop_requested()) {
      // Cancelled or preempted before these started: like a pod deleted
      // before its containers run, nothing of them gets to execute.
      ending = Ending::kStopped;
      return false;
    }
    ending = RunGroup(group, spec, control, deadline, announce);
    const std::vector<ContainerOutcome> ended = group.outcomes().value();
    for (const ContainerOutcome& c : ended) {
      failed = failed || c.exit_code != 0;
      result.outcome.containers.push_back(c);
    }
    return ending == Ending::kNone && !failed;
  };

  const std::function<void()> announce = [&] {
    if (on_running) on_running(pod.pod_ip);
  };
  bool go_on = true;
  for (int i = 0; go_on && i < spec.initcontainers_size(); ++i) {
    ContainerGroup init(host);
    init.Add(spec.initcontainers(i), i, /*is_init=*/true);
    go_on = step(init, nullptr);
  }
  if (go_on) {
    ContainerGroup main(host);
    for (int i = 0; i < spec.containers_size(); ++i) main.Add(spec.containers(i), i, false);
    step(main, announce);
  }
  std::vector<std::string> containers;
  for (int i = 0; i < spec.initcontainers_size(); ++i) {
    containers.push_back(ContainerName(spec.initcontainers(i), i, /*is_init=*/true));
  }
  for (int i = 0; i < spec.containers_size(); ++i) {
    containers.push_back(ContainerName(spec.containers(i), i, /*is_init=*/false));
  }
  cgroups_.RemoveJob(pod.job_id, containers);
  // Nothing of the pod runs any more: its network and ids are free.
  if (networks_) networks_->Release(network);
  if (id_slot) id_ranges_->Release(*id_slot);
  if (logs_ != nullptr) {
    if (Status kept = logs_->Keep(pod.job_id, host.job_dir); !kept.ok()) {
      spdlog::warn("job {}: its log is not kept: {}", pod.job_id, kept.message());
    }
  }
  // Everything in it has been read (the logs kept above); nothing of a job outlives it.
  ReleaseJobDir(host.job_dir);
  if (!host.mount_dir.empty()) Remove(host.mount_dir);

  const size_t per_container =
      kMaxPodMessageBytes /
      static_cast<size_t>(std::max(1, spec.containers_size() + spec.initcontainers_size()));
  for (ContainerOutcome& c : result.outcome.containers) {
    if (c.termination_message.size() > per_container) c.termination_message.resize(per_container);
  }
  result.stopped = ending == Ending::kStopped;
  if (ending == Ending::kDeadline) {
    result.outcome.pod_reason = kDeadlineExceededReason;
    result.message = kDeadlineExceededMessage;
  }
  result.succeeded = ending == Ending::kNone && !failed;
  return result;
}

}  // namespace armada::localstack
