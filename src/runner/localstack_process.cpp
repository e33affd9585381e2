#include "runner/localstack_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace armada::runner {
namespace {

constexpr char kListeningPrefix[] = "listening on ";
constexpr auto kStopGrace = std::chrono::seconds(15);

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "ended";
}

bool IsExecutable(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

// Waits up to grace for pid to exit; true once reaped.
bool WaitForExit(pid_t pid, std::chrono::milliseconds grace, int* wait_status) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (true) {
    const pid_t done = waitpid(pid, wait_status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    usleep(20000);
  }
}

}  // namespace

StatusOr<std::unique_ptr<LocalStack>> LocalStack::Start(const std::string& binary,
                                                        const std::string& executor_config,
                                                        std::chrono::seconds startup_timeout) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::Error(std::string("pipe: ") + strerror(errno));
  std::vector<std::string> args = {binary, "--listen", "127.0.0.1:0", "--executor-config",
                                   executor_config};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0) return Status::Error(std::string("fork: ") + strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_UNBLOCK, &all, nullptr);
    dup2(fds[1], STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::unique_ptr<LocalStack> stack(new LocalStack(pid, fds[0]));

  // Read whole lines until the listening one, within the startup timeout.
  const auto deadline = std::chrono::steady_clock::now() + startup_timeout;
  std::string buffer;
  while (stack->address_.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      stack->Stop();
      return Status::Error(binary + " did not print its listening address within " +
                           std::to_string(startup_timeout.count()) + "s");
    }
    pollfd waiting{fds[0], POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[512];
    const ssize_t n = read(fds[0], chunk, sizeof(chunk));
    if (n <= 0) {
      int wait_status = 0;
      if (!WaitForExit(pid, std::chrono::seconds(5), &wait_status)) {
        stack->Stop();
        return Status::Error(binary + " closed its stdout before printing its listening address");
      }
      stack->pid_ = -1;
      stack->Stop();
      return Status::Error(binary + " " + DescribeExit(wait_status) +
                           " before printing its listening address");
    }
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t end; stack->address_.empty() && (end = buffer.find('\n')) != std::string::npos;) {
      const std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 1);
      if (line.rfind(kListeningPrefix, 0) == 0) {
        stack->address_ = line.substr(std::strlen(kListeningPrefix));
      } else {
        spdlog::debug("armada-localstack: {}", line);
      }
    }
  }
  stack->pending_output_ = buffer;
  stack->drain_ = std::thread([raw = stack.get()] { raw->Drain(); });
  return stack;
}

LocalStack::~LocalStack() { Stop(); }

void LocalStack::Drain() {
  std::string buffer = pending_output_;
  char chunk[4096];
  while (!stopping_) {
    pollfd waiting{stdout_fd_, POLLIN, 0};
    if (poll(&waiting, 1, 100) <= 0) continue;
    const ssize_t n = read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t end; (end = buffer.find('\n')) != std::string::npos;) {
      spdlog::debug("armada-localstack: {}", buffer.substr(0, end));
      buffer.erase(0, end + 1);
    }
  }
}

void LocalStack::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int wait_status = 0;
    if (!WaitForExit(pid_, kStopGrace, &wait_status)) {
      spdlog::warn("armada-localstack did not stop within {}s of SIGTERM; killing it",
                   kStopGrace.count());
      kill(-pid_, SIGKILL);
      WaitForExit(pid_, std::chrono::seconds(5), &wait_status);
    } else if (!(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0)) {
      spdlog::warn("armada-localstack {}", DescribeExit(wait_status));
    }
    pid_ = -1;
  }
  stopping_ = true;
  if (drain_.joinable()) drain_.join();
  if (stdout_fd_ >= 0) {
    close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

StatusOr<std::string> FindLocalStackBinary() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::string beside = (self.parent_path() / "armada-localstack").string();
    if (IsExecutable(beside)) return beside;
  }
  if (const char* path = std::getenv("PATH")) {
    std::string dirs = path;
    size_t start = 0;
    while (start <= dirs.size()) {
      const size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::string dir = dirs.substr(start, end - start);
      if (!dir.empty() && IsExecutable(dir + "/armada-localstack")) {
        return dir + "/armada-localstack";
      }
      start = end + 1;
    }
  }
  return Status::Error(
      "armada-localstack not found beside this binary or on PATH (build it with "
      "scripts/build.sh)");
}

StatusOr<std::string> FindExecutorConfig() {
  const std::string relative = "e2e-config/executor_config.yaml";
  if (std::filesystem::exists(relative)) return relative;
  const std::string in_source = std::string(ARMADA_TS_SOURCE_TREE) + "/" + relative;
  if (std::filesystem::exists(in_source)) return in_source;
  return Status::Error(relative + " not found in the working directory or " +
                       ARMADA_TS_SOURCE_TREE + "; pass --executor-config");
}

}  // namespace armada::runner
