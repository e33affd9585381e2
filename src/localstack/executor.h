// Runs one job's pod on this machine, as a kubelet with restartPolicy Never
// would: init containers one after another, then all containers together.
//
// Contract:
// - A container's argv is command + args (args alone when there is no
//   command, as for images whose entrypoint is a shell); its working
//   directory is workingDir, else the job's own directory under the state
//   dir; its environment comes from ContainerEnvironment.
// - Each container gets its own memory/CPU/pids cgroup (limits.memory,
//   limits.cpu, the server's process limit), its own process group, and,
//   with `isolation`, the namespaces and private root of isolation.h (its
//   working directory then defaults to "/"). What the host refuses is listed
//   once by unenforced() and the pod runs without it.
// - A failing init container fails the pod without starting the rest; a
//   failing container fails the pod once every container has ended.
// - A container the kernel OOM-killed (its cgroup's oom_kill counter went up)
//   ends with reason OOMKilled; any other non-zero end is Error, zero is
//   Completed, and one that could not start is StartError with exit code 128.
// - The termination message is the file at terminationMessagePath (default
//   /dev/termination-log), or with FallbackToLogsOnError and a failure, the
//   tail of the container's log when that file is empty.
// - activeDeadlineSeconds ends the pod with pod reason DeadlineExceeded;
//   PodControl::Stop ends it on request. Both send SIGTERM to every container's
//   process group and SIGKILL after terminationGracePeriodSeconds (default 30);
//   containers not yet started when Stop comes are never started.
// - When Run returns no process of the pod is left and its cgroups and its
//   job directory are gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "localstack/cgroup.h"
#include "localstack/classifier.h"
#include "localstack/container_env.h"
#include "localstack/job_spec.h"

namespace armada::localstack {

// A thread-safe request to end a running pod early (cancel, preempt, shutdown).
class PodControl {
 public:
  // Asks the pod to end. `grace_seconds` overrides the pod's grace period; a
  // later call can shorten it but not lengthen it.
  void Stop(std::optional<int64_t> grace_seconds = std::nullopt);
  bool stop_requested() const;
  std::optional<int64_t> grace_override() const;
  // Sleeps up to `timeout`, waking early on Stop.
  void WaitFor(std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  bool stop_ = false;
  std::optional<int64_t> grace_;
};

struct PodResult {
  bool succeeded = false;
  // Ended by PodControl::Stop rather than on its own.
  bool stopped = false;
  // The containers that ran (init containers first) and the pod reason.
  PodOutcome outcome;
  // Kubernetes' pod-level status message, e.g. for an exceeded deadline.
  std::string message;
};

class Executor {
 public:
  // `state_dir` holds one directory per running job (work dir, logs,
  // termination files, layer mount points); `cgroups` must outlive the
  // executor. `isolation` runs containers through armada-localstack-init.
  Executor(std::string state_dir, const CgroupTree& cgroups, bool isolation);

  // Runs the pod to its end on the calling thread; `on_running` is called once
  // the main containers have been started.
  PodResult Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                const std::function<void()>& on_running) const;

  // Which limits and isolation this host cannot provide, as one sentence for
  // users ("" when everything is enforced).
  const std::string& unenforced() const { return unenforced_; }
  // The directory of a job's files.
  std::string JobDir(const std::string& job_id) const;

 private:
  std::string state_dir_;
  const CgroupTree& cgroups_;
  bool mount_namespaces_;
  std::string unenforced_;
};

}  // namespace armada::localstack
