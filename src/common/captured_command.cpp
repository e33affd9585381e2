#include "common/captured_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace armada {
namespace {

// This process's environment with extra's entries replacing or adding.
std::vector<std::string> MergedEnvironment(const std::vector<std::string>& extra) {
  std::map<std::string, std::string> by_name;
  std::vector<std::string> order;
  auto add = [&](const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('='));
    if (by_name.find(name) == by_name.end()) order.push_back(name);
    by_name[name] = entry;
  };
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) add(*e);
  for (const std::string& entry : extra) add(entry);
  std::vector<std::string> out;
  out.reserve(order.size());
  for (const std::string& name : order) out.push_back(by_name[name]);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::string DescribeDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

}  // namespace

StatusOr<std::string> RunCapturingStdout(const CapturedCommand& command) {
  const std::string name = command.argv.front();
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    return Status::Error(name + ": cannot make a pipe: " + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (!command.interactive) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  std::vector<std::string> argv = command.argv;
  std::vector<std::string> env = MergedEnvironment(command.env);
  std::vector<char*> argv_ptrs = Pointers(argv);
  std::vector<char*> env_ptrs = Pointers(env);
  pid_t pid = 0;
  const int spawned =
      posix_spawnp(&pid, name.c_str(), &actions, nullptr, argv_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return Status::Error(name + ": cannot start: " + std::strerror(spawned));
  }

  std::string output;
  bool too_long = false, timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + command.timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fd{out[0], POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends the loop
    char buffer[4096];
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output.size() + static_cast<size_t>(n) > command.max_stdout) {
      too_long = true;
      break;
    }
    output.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  if (timed_out || too_long) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Status::Error(name + ": did not finish within " + DescribeDuration(command.timeout));
  }
  if (too_long) {
    return Status::Error(name + ": printed more than " + std::to_string(command.max_stdout) +
                         " bytes");
  }
  if (WIFSIGNALED(status)) {
    return Status::Error(name + ": killed by signal " + std::to_string(WTERMSIG(status)));
  }
  if (WEXITSTATUS(status) == 127 && output.empty()) {
    return Status::Error(name + ": exited 127 (not found, or cannot run)");
  }
  if (WEXITSTATUS(status) != 0) {
    return Status::Error(name + ": exited " + std::to_string(WEXITSTATUS(status)));
  }
  return output;
}

}  // namespace armada
