#include "localstack/kubelet/container_group.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/file_tail.h"
#include "localstack/kubelet/capabilities.h"
#include "localstack/kubelet/isolation.h"
#include "localstack/pod/pod_runner.h"
#include "localstack/pod/run_as.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

constexpr char kDefaultTerminationPath[] = "/dev/termination-log";
// And this much of the log tail for FallbackToLogsOnError.
constexpr size_t kMaxLogTailBytes = 2048;
constexpr size_t kMaxLogTailLines = 80;
// How long Wait sleeps at most for a container it cannot watch by pidfd.
constexpr auto kFallbackPollInterval = std::chrono::milliseconds(20);
// How often a running container's log is checked against kMaxLogBytes.
constexpr auto kLogCheckInterval = std::chrono::seconds(1);

// Frees all but the last kMaxLogBytes (and the page they start in) of the
// log at `path`: the container writes on at its offset, and what it wrote
// before reads as zeros. A file system that cannot punch holes has the log
// emptied instead.
void CapLog(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || info.st_blocks * 512 <= 2 * kMaxLogBytes) return;
  constexpr off_t kPage = 4096;
  const off_t end = (info.st_size - static_cast<off_t>(kMaxLogBytes)) / kPage * kPage;
  if (end <= 0) return;  // blocks beyond its size: not a log's
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  if (::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, end) != 0) {
    ::ftruncate(fd, 0);
  }
  ::close(fd);
}

}  // namespace

ContainerGroup::~ContainerGroup() {
  for (const Container& c : containers_) {
    if (c.pidfd >= 0) ::close(c.pidfd);
  }
}

void ContainerGroup::Add(const ContainerSpec& spec, int index, bool is_init) {
  Container c;
  c.spec = spec;
  c.name = ContainerName(spec, index, is_init);
  c.is_init = is_init;
  c.log_file = host_.job_dir + "/" + c.name + ".log";
  // On the tmpfs of mount points when there is one: a message is memory
  // charged to the container that writes it, never the host's disk.
  c.termination_file = (host_.mount_dir.empty() ? host_.job_dir : host_.mount_dir) + "/" + c.name +
                       ".termination-log";
  std::ofstream(c.termination_file).flush();
  containers_.push_back(std::move(c));
}

bool ContainerGroup::Start() {
  bool any_started = false;
  for (Container& c : containers_) {
    StartOne(c);
    any_started = any_started || c.process != nullptr;
  }
  return any_started;
}

void ContainerGroup::StartOne(Container& c) {
  auto fail_start = [&](const std::string& message) {
    c.outcome = ContainerOutcome{c.name, 128, "StartError", message, c.is_init};
  };
  auto env = ContainerEnvironment(c.spec, *host_.pod);
  if (!env.ok()) return fail_start(env.status().message());
  if (!host_.pod_problem.empty()) return fail_start(host_.pod_problem);
  if (const auto limit =
          host_.pod_cgroup ? host_.pod_cgroup->ReachedProcessLimit() : std::nullopt) {
    return fail_start("the pod's processes reached its process limit (" + std::to_string(*limit) +
                      ") before this container started");
  }
  const ContainerLimits limits = LimitsOf(c.spec);
  // An isolated container's init applies the CPU quota after its setup.
  auto cgroup = host_.cgroups->CreateGroup(host_.pod->job_id, c.name, limits.memory_bytes,
                                           limits.milli_cpu, host_.mount_namespaces);
  if (!cgroup.ok()) return fail_start(cgroup.status().message());
  c.cgroup = std::move(cgroup).value();

  ContainerLaunch launch;
  launch.argv.assign(c.spec.command().begin(), c.spec.command().end());
  launch.argv.insert(launch.argv.end(), c.spec.args().begin(), c.spec.args().end());
  launch.env = std::move(env).value();
  launch.working_dir = c.spec.has_workingdir() ? c.spec.workingdir() : host_.work_dir;
  launch.log_file = c.log_file;
  launch.cgroup_procs_files = c.cgroup->procs_files();
  if (host_.mount_namespaces) {
    auto plan = IsolationPlan::ForContainer(
        host_.id_base, (host_.mount_dir.empty() ? host_.job_dir : host_.mount_dir) + "/" + c.name,
        host_.pod->name, c.termination_file,
        c.spec.has_terminationmessagepath() ? c.spec.terminationmessagepath()
                                            : kDefaultTerminationPath,
        c.spec.workingdir(), limits.memory_bytes);
    if (!plan.ok()) return fail_start(plan.status().message());
    plan->dir_layer = host_.dir_layer;
    plan->dir_layer_ids_fd = host_.dir_layer_ids_fd;
    plan->netns_fd = host_.netns_fd;
    for (const auto& mount : c.spec.volumemounts()) {
      const auto volume = host_.volumes.find(mount.name());
      if (volume == host_.volumes.end()) {
        return fail_start("volumeMount " + mount.name() + ": no volume of that name");
      }
      if (!volume->second.problem.empty()) {
        return fail_start("volume " + mount.name() + ": " + volume->second.problem);
      }
      if (!mount.subpath().empty() || mount.mountpath().empty() || mount.mountpath()[0] != '/') {
        return fail_start("volumeMount " + mount.name() +
                          ": needs an absolute mountPath and no subPath");
      }
      plan->volumes.push_back(
          {volume->second.source, mount.mountpath(), volume->second.read_only || mount.readonly()});
    }
    if (host_.spec != nullptr) plan->run_as = RunAsOf(*host_.spec, c.spec);
    plan->read_only_root = c.spec.securitycontext().readonlyrootfilesystem();
    for (const int cap : KeptCapabilities(c.spec)) plan->capability_mask |= uint64_t{1} << cap;
    launch.isolation = std::move(plan).value();
    launch.isolation->cpu_quota_file = c.cgroup->cpu_quota_file();
    launch.isolation->cpu_quota = c.cgroup->cpu_quota();
  } else if (c.spec.volumemounts_size() > 0) {
    return fail_start("volumeMounts need isolation (armada-localstack running as root)");
  } else if (host_.spec != nullptr && RunAsOf(*host_.spec, c.spec)) {
    return fail_start("securityContext ids need isolation (armada-localstack running as root)");
  }
  auto process = PodProcess::Start(launch);
  if (!process.ok()) return fail_start(process.status().message());
  c.process = std::move(process).value();
  // The process is not reaped before Poll sees its end, so its pid cannot
  // name another process yet.
  c.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, c.process->pid(), 0));
}

bool ContainerGroup::Poll() {
  bool all_ended = true;
  for (Container& c : containers_) {
    if (c.outcome) continue;
    CapLog(c.log_file);
    const std::optional<int> exit_code = c.process->Poll();
    if (!exit_code) {
      all_ended = false;
      continue;
    }
    Finish(c, *exit_code);
  }
  return all_ended;
}

void ContainerGroup::Finish(Container& c, int exit_code) {
  // The container's main process is gone; like a runtime, take the rest of
  // the container with it.
  Kill(c);
  if (!c.process->start_error().empty()) {
    // The init could not build the container: its command never ran.
    c.outcome = ContainerOutcome{c.name, 128, "StartError", c.process->start_error(), c.is_init};
    return;
  }
  ContainerOutcome out{c.name, exit_code, "", "", c.is_init};
  out.reason = c.cgroup->OomKills() > 0 ? "OOMKilled" : exit_code == 0 ? "Completed" : "Error";
  out.termination_message = FileHead(c.termination_file, kMaxMessageBytes);
  if (out.termination_message.empty() && exit_code != 0 &&
      c.spec.terminationmessagepolicy() == "FallbackToLogsOnError") {
    out.termination_message = FileTail(c.log_file, kMaxLogTailLines, kMaxLogTailBytes);
  }
  c.outcome = std::move(out);
}

void ContainerGroup::Kill(Container& c) {
  c.process->SignalGroup(SIGKILL);
  c.cgroup->KillAll();
}

void ContainerGroup::BeginTermination(int64_t grace_seconds) {
  terminating_since_ = Clock::now();
  kill_at_ = terminating_since_ + std::chrono::seconds(grace_seconds);
  for (Container& c : containers_) {
    if (!c.outcome) c.process->SignalGroup(grace_seconds > 0 ? SIGTERM : SIGKILL);
  }
}

void ContainerGroup::ShortenGrace(int64_t grace_seconds) {
  kill_at_ = std::min(*kill_at_, terminating_since_ + std::chrono::seconds(grace_seconds));
}

void ContainerGroup::EnforceKill() {
  if (!kill_at_ || Clock::now() < *kill_at_) return;
  for (Container& c : containers_) {
    if (!c.outcome) Kill(c);
  }
}

void ContainerGroup::Wait(int wake_fd, Clock::duration timeout) const {
  std::vector<pollfd> fds;
  if (wake_fd >= 0) fds.push_back({wake_fd, POLLIN, 0});
  bool running = false;
  for (const Container& c : containers_) {
    if (c.outcome) continue;
    running = true;
    if (c.pidfd < 0) timeout = std::min<Clock::duration>(timeout, kFallbackPollInterval);
    if (c.pidfd >= 0) fds.push_back({c.pidfd, POLLIN, 0});
  }
  if (running) timeout = std::min<Clock::duration>(timeout, kLogCheckInterval);
  // Rounded up, so a wait for a time point does not wake just before it.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(
      std::clamp<Clock::duration>(timeout, Clock::duration::zero(), std::chrono::hours(1)));
  ::poll(fds.data(), fds.size(), static_cast<int>(ms.count()));
}

std::optional<std::vector<ContainerOutcome>> ContainerGroup::outcomes() const {
  std::vector<ContainerOutcome> out;
  for (const Container& c : containers_) {
    if (!c.outcome) return std::nullopt;
    out.push_back(*c.outcome);
  }
  return out;
}

}  // namespace armada::localstack
