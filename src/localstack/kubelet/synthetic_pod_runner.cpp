#include "localstack/kubelet/synthetic_pod_runner.h"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <vector>

#include "localstack/pod/job_spec.h"

namespace armada::localstack {
namespace {

using Clock = std::chrono::steady_clock;

// Kubernetes' exit code for a container killed by the OOM killer (SIGKILL).
constexpr int kOomExitCode = 137;
// SIGTERM's exit code, as a runtime reports a container it terminated.
constexpr int kTerminatedExitCode = 143;

// The line's words; shell operators and parentheses separate words too.
std::vector<std::string> Words(const ContainerSpec& c) {
  std::vector<std::string> words;
  std::string word;
  auto take = [&](const std::string& text) {
    for (const char ch : text) {
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == ';' || ch == '&' || ch == '|' ||
          ch == '(' || ch == ')' || ch == '"' || ch == '\'') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word += ch;
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (const auto& part : c.command()) take(part);
  for (const auto& part : c.args()) take(part);
  return words;
}

std::string Basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool IsShellWord(const std::string& word) {
  const std::string name = Basename(word);
  return name == "sh" || name == "bash" || name == "busybox" || (!word.empty() && word[0] == '-');
}

}  // namespace

int SyntheticExitCode(const ContainerSpec& container, double* sleep_seconds) {
  *sleep_seconds = 0;
  const std::vector<std::string> words = Words(container);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "exit") continue;
    int code = 0;
    if (i + 1 < words.size()) {
      const std::string& n = words[i + 1];
      std::from_chars(n.data(), n.data() + n.size(), code);
    }
    return code & 0xff;
  }
  size_t first = 0;
  while (first < words.size() && IsShellWord(words[first])) ++first;
  if (first == words.size()) return 0;
  const std::string name = Basename(words[first]);
  if (name == "false") return 1;
  if (name == "sleep" && first + 1 < words.size()) {
    *sleep_seconds = std::strtod(words[first + 1].c_str(), nullptr);
    if (!(*sleep_seconds > 0)) *sleep_seconds = 0;
  }
  return 0;
}

SyntheticPodRunner::SyntheticPodRunner()
    : unenforced_(
          "the synthetic executor runs no process, so no limit, isolation or command is "
          "enforced") {}

PodResult SyntheticPodRunner::Run(const PodIdentity& pod, const PodSpec& spec,
                                  const PodControl& control,
                                  const std::function<void(const std::string&)>& on_running) const {
  PodResult result;
  const auto deadline =
      spec.has_activedeadlineseconds()
          ? std::optional(Clock::now() + std::chrono::seconds(spec.activedeadlineseconds()))
          : std::nullopt;
  const auto reason_it = pod.annotations.find(kSyntheticReasonAnnotation);
  const std::string forced_reason = reason_it == pod.annotations.end() ? "" : reason_it->second;

  // Runs one container; false when the pod must not go on.
  auto run = [&](const ContainerSpec& c, int index, bool is_init) {
    double sleep_seconds = 0;
    int code = SyntheticExitCode(c, &sleep_seconds);
    std::string reason = code == 0 ? "Completed" : "Error";
    if (!is_init && !forced_reason.empty()) {
      reason = forced_reason;
      code = kOomExitCode;
      sleep_seconds = 0;
    }
    const std::string name = ContainerName(c, index, is_init);
    if (sleep_seconds > 0) {
      auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(sleep_seconds));
      const bool cut = deadline && *deadline < until;
      if (cut) until = *deadline;
      if (control.WaitFor(until - Clock::now())) {
        result.stopped = true;
        result.outcome.containers.push_back({name, kTerminatedExitCode, "Error", "", is_init});
        return false;
      }
      if (cut) {
        result.outcome.containers.push_back({name, kTerminatedExitCode, "Error", "", is_init});
        result.outcome.pod_reason = kDeadlineExceededReason;
        result.message = kDeadlineExceededMessage;
        return false;
      }
    }
    result.outcome.containers.push_back({name, code, reason, "", is_init});
    return code == 0;
  };

  for (int i = 0; i < spec.initcontainers_size(); ++i) {
    if (control.stop_requested()) {
      result.stopped = true;
      return result;
    }
    if (!run(spec.initcontainers(i), i, true)) return result;
  }
  if (control.stop_requested()) {
    result.stopped = true;
    return result;
  }
  if (on_running) on_running(kPodIp);
  bool failed = false;
  for (int i = 0; i < spec.containers_size(); ++i) {
    if (!run(spec.containers(i), i, false)) {
      if (result.stopped || !result.outcome.pod_reason.empty()) return result;
      failed = true;
    }
  }
  result.succeeded = !failed;
  return result;
}

}  // namespace armada::localstack
