#include "localstack/testing/scripted_pod_runner.h"

#include <gtest/gtest.h>

#include <chrono>

namespace armada::localstack::testing {
namespace {

// SIGTERM's exit code, as a runtime reports a container it terminated.
constexpr int kTerminatedExitCode = 143;

ContainerOutcome Ended(const ContainerSpec& c, int exit_code, const std::string& reason,
                       const std::string& message = "") {
  return ContainerOutcome{c.name(), exit_code, reason, message, /*is_init=*/false};
}

// Blocks until `control` asks the pod to stop; WaitFor wakes on Stop.
void WaitForStop(const PodControl& control) {
  while (!control.WaitFor(std::chrono::hours(1))) {
  }
}

}  // namespace

PodResult ScriptedPodRunner::Run(const PodIdentity& pod, const PodSpec& spec,
                                 const PodControl& control,
                                 const std::function<void(const std::string&)>& on_running) const {
  size_t index;
  {
    std::lock_guard<std::mutex> lock(mu_);
    index = calls_.size();
    calls_.push_back(Call{pod, spec, false, std::nullopt, false});
  }
  PodResult result = Script(spec, control, on_running);
  std::lock_guard<std::mutex> lock(mu_);
  Call& call = calls_[index];
  call.stopped = result.stopped;
  if (result.stopped) call.grace_override = control.grace_override();
  call.ended = true;
  return result;
}

PodResult ScriptedPodRunner::Script(
    const PodSpec& spec, const PodControl& control,
    const std::function<void(const std::string&)>& on_running) const {
  PodResult result;
  if (spec.containers_size() == 0 || spec.containers(0).command_size() == 0) {
    ADD_FAILURE() << "a scripted pod needs a command";
    return result;
  }
  const ContainerSpec& c = spec.containers(0);
  // The Cluster hands over resolved argvs (pod_admission.h): all in command.
  std::vector<std::string> argv(c.command().begin(), c.command().end());
  argv.insert(argv.end(), c.args().begin(), c.args().end());
  const std::string script = argv[0];
  auto arg = [&](size_t i, const std::string& fallback) {
    return i + 1 < argv.size() ? argv[i + 1] : fallback;
  };
  auto stopped = [&](bool started) {
    result.stopped = true;
    if (started) result.outcome.containers.push_back(Ended(c, kTerminatedExitCode, "Error"));
    return result;
  };
  if (script == "hold") {
    WaitForStop(control);
    return stopped(false);
  }
  // A stop before the containers start means they never do.
  if (control.stop_requested()) return stopped(false);
  if (script == "unstartable") {
    result.outcome.containers.push_back(Ended(c, 128, "StartError", arg(0, "")));
    return result;
  }
  on_running(kPodIp);
  if (script == "succeed") {
    result.succeeded = true;
    result.outcome.containers.push_back(Ended(c, 0, "Completed"));
  } else if (script == "fail") {
    result.outcome.containers.push_back(
        Ended(c, std::stoi(arg(0, "1")), arg(1, "Error"), arg(2, "")));
  } else if (script == "run") {
    if (!spec.has_activedeadlineseconds() || spec.activedeadlineseconds() >= kNeverPasses) {
      WaitForStop(control);
      return stopped(true);
    }
    result.outcome.containers.push_back(Ended(c, kTerminatedExitCode, "Error"));
    result.outcome.pod_reason = kDeadlineExceededReason;
    result.message = kDeadlineExceededMessage;
  } else {
    ADD_FAILURE() << "unknown script " << script;
  }
  return result;
}

std::vector<std::string> ScriptedPodRunner::started() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> ids;
  for (const Call& call : calls_) ids.push_back(call.pod.job_id);
  return ids;
}

std::optional<ScriptedPodRunner::Call> ScriptedPodRunner::call(const std::string& job_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Call& call : calls_) {
    if (call.pod.job_id == job_id) return call;
  }
  return std::nullopt;
}

}  // namespace armada::localstack::testing
