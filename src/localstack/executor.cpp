#include "localstack/executor.h"

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/file_tail.h"
#include "localstack/pod_process.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kDefaultTerminationPath[] = "/dev/termination-log";
// Kubernetes keeps at most this much of a termination message.
constexpr size_t kMaxMessageBytes = 4096;
// And this much of the log tail for FallbackToLogsOnError.
constexpr size_t kMaxLogTailBytes = 2048;
constexpr size_t kMaxLogTailLines = 80;

std::string ReadHead(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// One container while it runs.
struct Running {
  ContainerSpec spec;
  std::string name;
  bool is_init = false;
  std::string log_file;
  std::string termination_file;
  std::optional<ContainerCgroup> cgroup;
  std::unique_ptr<PodProcess> process;
  std::optional<ContainerOutcome> outcome;
};

}  // namespace

void PodControl::Stop(std::optional<int64_t> grace_seconds) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A second request may only shorten the wait (shutdown after a cancel).
    if (stop_ && (!grace_seconds || (grace_ && *grace_ <= *grace_seconds))) return;
    stop_ = true;
    grace_ = grace_seconds;
  }
  changed_.notify_all();
}

bool PodControl::stop_requested() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stop_;
}

std::optional<int64_t> PodControl::grace_override() const {
  std::lock_guard<std::mutex> lock(mu_);
  return grace_;
}

void PodControl::WaitFor(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_for(lock, timeout, [&] { return stop_; });
}

Executor::Executor(std::string state_dir, const CgroupTree& cgroups, bool mount_namespaces)
    : state_dir_(std::move(state_dir)), cgroups_(cgroups), mount_namespaces_(mount_namespaces) {
  std::vector<std::string> missing;
  if (!cgroups_.memory()) missing.push_back("memory limits and OOM detection");
  if (!cgroups_.cpu()) missing.push_back("CPU limits");
  if (!cgroups_.pids()) missing.push_back("a process limit");
  if (!mount_namespaces_) missing.push_back("isolation (user, PID and mount namespaces)");
  for (size_t i = 0; i < missing.size(); ++i) {
    unenforced_ += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
  }
  if (!unenforced_.empty()) unenforced_ = "this host cannot provide " + unenforced_;
}

std::string Executor::JobDir(const std::string& job_id) const {
  return state_dir_ + "/jobs/" + job_id;
}

PodResult Executor::Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                        const std::function<void()>& on_running) const {
  const std::string job_dir = JobDir(pod.job_id);
  const std::string work_dir = job_dir + "/work";
  std::error_code ec;
  fs::create_directories(work_dir, ec);

  const auto started = Clock::now();
  const std::optional<Clock::time_point> deadline =
      spec.has_activedeadlineseconds()
          ? std::optional(started + std::chrono::seconds(spec.activedeadlineseconds()))
          : std::nullopt;
  PodResult result;
  bool terminating = false;
  Clock::time_point terminating_since, kill_at;

  // Starts `containers`, then watches them until all have ended. With
  // `announce`, on_running is called once any of them has started.
  auto run_together = [&](std::vector<Running>& containers, bool announce) {
    if (control.stop_requested()) {
      // Cancelled or preempted before these started: like a pod deleted
      // before its containers run, nothing of the job gets to execute.
      terminating = true;
      result.stopped = true;
      return;
    }
    for (auto& c : containers) {
      auto fail_start = [&](const std::string& message) {
        c.outcome = ContainerOutcome{c.name, 128, "StartError", message, c.is_init};
      };
      auto env = ContainerEnvironment(c.spec, pod);
      if (!env.ok()) {
        fail_start(env.status().message());
        continue;
      }
      const ContainerLimits limits = LimitsOf(c.spec);
      auto cgroup = cgroups_.CreateGroup(pod.job_id, c.name, limits.memory_bytes, limits.milli_cpu);
      if (!cgroup.ok()) {
        fail_start(cgroup.status().message());
        continue;
      }
      c.cgroup = std::move(cgroup).value();
      ContainerLaunch launch;
      launch.argv.assign(c.spec.command().begin(), c.spec.command().end());
      launch.argv.insert(launch.argv.end(), c.spec.args().begin(), c.spec.args().end());
      launch.env = std::move(env).value();
      launch.working_dir = c.spec.has_workingdir() ? c.spec.workingdir() : work_dir;
      launch.log_file = c.log_file;
      launch.cgroup_procs_files = c.cgroup->procs_files();
      if (mount_namespaces_) {
        auto plan = IsolationPlan::ForContainer(
            job_dir + "/" + c.name, pod.name, c.termination_file,
            c.spec.has_terminationmessagepath() ? c.spec.terminationmessagepath()
                                                : kDefaultTerminationPath,
            c.spec.workingdir(), limits.memory_bytes);
        if (!plan.ok()) {
          fail_start(plan.status().message());
          continue;
        }
        launch.isolation = std::move(plan).value();
      }
      auto process = PodProcess::Start(launch);
      if (!process.ok()) {
        fail_start(process.status().message());
        continue;
      }
      c.process = std::move(process).value();
    }
    const bool any_started = std::any_of(containers.begin(), containers.end(),
                                         [](const Running& c) { return c.process != nullptr; });
    if (announce && any_started) on_running();
    while (true) {
      bool all_ended = true;
      for (auto& c : containers) {
        if (c.outcome) continue;
        const auto exit_code = c.process->Poll();
        if (!exit_code) {
          all_ended = false;
          continue;
        }
        // The container's main process is gone; like a runtime, take the
        // rest of the container with it.
        c.process->SignalGroup(SIGKILL);
        c.cgroup->KillAll();
        ContainerOutcome out{c.name, *exit_code, "", "", c.is_init};
        if (!c.process->start_error().empty()) {
          c.outcome =
              ContainerOutcome{c.name, 128, "StartError", c.process->start_error(), c.is_init};
          continue;
        }
        out.reason = c.cgroup->OomKills() > 0 ? "OOMKilled"
                     : *exit_code == 0        ? "Completed"
                                              : "Error";
        out.termination_message = ReadHead(c.termination_file, kMaxMessageBytes);
        if (out.termination_message.empty() && *exit_code != 0 &&
            c.spec.terminationmessagepolicy() == "FallbackToLogsOnError") {
          out.termination_message = FileTail(c.log_file, kMaxLogTailLines, kMaxLogTailBytes);
        }
        c.outcome = std::move(out);
      }
      if (all_ended) return;
      const auto now = Clock::now();
      if (!terminating && (control.stop_requested() || (deadline && now >= *deadline))) {
        terminating = true;
        if (control.stop_requested()) {
          result.stopped = true;
        } else {
          result.outcome.pod_reason = "DeadlineExceeded";
          result.message = "Pod was active on the node longer than the specified deadline";
        }
        const int64_t grace = control.grace_override().value_or(
            spec.has_terminationgraceperiodseconds() ? spec.terminationgraceperiodseconds() : 30);
        terminating_since = now;
        kill_at = now + std::chrono::seconds(grace);
        for (auto& c : containers) {
          if (!c.outcome) c.process->SignalGroup(grace > 0 ? SIGTERM : SIGKILL);
        }
      }
      if (terminating && control.grace_override()) {
        kill_at =
            std::min(kill_at, terminating_since + std::chrono::seconds(*control.grace_override()));
      }
      if (terminating && now >= kill_at) {
        for (auto& c : containers) {
          if (c.outcome) continue;
          c.process->SignalGroup(SIGKILL);
          c.cgroup->KillAll();
        }
      }
      control.WaitFor(std::chrono::milliseconds(terminating ? 5 : 20));
    }
  };

  auto prepare = [&](const ContainerSpec& spec_c, int index, bool is_init) {
    Running c;
    c.spec = spec_c;
    c.name = ContainerName(spec_c, index, is_init);
    c.is_init = is_init;
    c.log_file = job_dir + "/" + c.name + ".log";
    c.termination_file = job_dir + "/" + c.name + ".termination-log";
    std::ofstream(c.termination_file).flush();
    return c;
  };
  auto record = [&](std::vector<Running>& containers) {
    bool ok = true;
    for (auto& c : containers) {
      if (!c.outcome) return false;  // never started
      ok = ok && c.outcome->exit_code == 0;
      result.outcome.containers.push_back(*c.outcome);
    }
    return ok;
  };

  bool ok = true;
  for (int i = 0; ok && i < spec.initcontainers_size(); ++i) {
    std::vector<Running> init;
    init.push_back(prepare(spec.initcontainers(i), i, true));
    run_together(init, false);
    ok = record(init) && !terminating;
  }
  if (ok) {
    std::vector<Running> main;
    for (int i = 0; i < spec.containers_size(); ++i) {
      main.push_back(prepare(spec.containers(i), i, false));
    }
    run_together(main, true);
    ok = record(main);
  }
  cgroups_.RemoveJob(pod.job_id);
  // Everything in it has been read; nothing of a job outlives it.
  fs::remove_all(job_dir, ec);
  result.succeeded = ok && !terminating;
  return result;
}

}  // namespace armada::localstack
