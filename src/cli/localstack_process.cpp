#include "cli/localstack_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/file_tail.h"
#include "common/shipped_file.h"

namespace armada::cli {
namespace {

constexpr char kListeningPrefix[] = "listening on ";
constexpr auto kStopGrace = std::chrono::seconds(15);
// Enough of the server's log to show why it ended, short enough to read in
// an error.
constexpr size_t kTailLines = 20;
constexpr size_t kTailBytes = 16 * 1024;

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "ended";
}

// The last kTailLines lines of the file at path, without its final newline.
std::string TailOf(const std::string& path) {
  std::string text = FileTail(path, kTailLines, kTailBytes);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
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
                                                        const std::string& log_path,
                                                        std::chrono::seconds startup_timeout) {
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return Status::Error("cannot write armada-localstack's log " + log_path + ": " +
                         strerror(errno));
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    close(log_fd);
    return Status::Error(std::string("pipe: ") + strerror(errno));
  }
  std::vector<std::string> args = {binary, "--listen", "127.0.0.1:0", "--executor-config",
                                   executor_config};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    close(fds[0]);
    close(fds[1]);
    return Status::Error(std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_UNBLOCK, &all, nullptr);
    dup2(fds[1], STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  close(log_fd);
  std::unique_ptr<LocalStack> stack(new LocalStack(pid, fds[0], log_path));

  // Read whole lines until the listening one, within the startup timeout.
  const auto deadline = std::chrono::steady_clock::now() + startup_timeout;
  std::string buffer;
  while (stack->address_.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      stack->Stop();
      return Status::Error(stack->WithLogTail(binary +
                                              " did not print its listening address within " +
                                              std::to_string(startup_timeout.count()) + "s"));
    }
    pollfd waiting{fds[0], POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[512];
    const ssize_t n = read(fds[0], chunk, sizeof(chunk));
    if (n <= 0) {
      int wait_status = 0;
      if (!WaitForExit(pid, std::chrono::seconds(5), &wait_status)) {
        stack->Stop();
        return Status::Error(stack->WithLogTail(
            binary + " closed its stdout before printing its listening address"));
      }
      stack->pid_ = -1;
      stack->Stop();
      return Status::Error(stack->WithLogTail(binary + " " + DescribeExit(wait_status) +
                                              " before printing its listening address"));
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
  stack->drain_ = std::thread([raw = stack.get(), pid] { raw->Drain(pid); });
  return stack;
}

LocalStack::~LocalStack() { Stop(); }

std::string LocalStack::WithLogTail(const std::string& what) const {
  const std::string tail = TailOf(log_path_);
  if (tail.empty()) return what + " (its log " + log_path_ + " is empty)";
  return what + "; the end of its log (" + log_path_ + "):\n" + tail;
}

void LocalStack::Drain(pid_t pid) {
  std::string buffer = pending_output_;
  char chunk[4096];
  while (!stopping_) {
    pollfd waiting{stdout_fd_, POLLIN, 0};
    if (poll(&waiting, 1, 100) <= 0) continue;
    const ssize_t n = read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) {
      ReportDeath(pid);
      break;
    }
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t end; (end = buffer.find('\n')) != std::string::npos;) {
      spdlog::debug("armada-localstack: {}", buffer.substr(0, end));
      buffer.erase(0, end + 1);
    }
  }
}

void LocalStack::ReportDeath(pid_t pid) {
  // Its stdout closes as it exits: wait for that, without reaping it (Stop
  // does), to say how it ended. A Stop under way is no death to report.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string how = "closed its stdout";
  while (!stopping_ && std::chrono::steady_clock::now() < deadline) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) break;
    if (info.si_pid == pid) {
      how = info.si_code == CLD_EXITED ? "exited with code " + std::to_string(info.si_status)
                                       : "was killed by signal " + std::to_string(info.si_status);
      break;
    }
    usleep(20000);
  }
  if (stopping_) return;
  death_reported_ = true;
  spdlog::error("{}", WithLogTail("armada-localstack " + how + " while the tests ran"));
}

void LocalStack::Stop() {
  // First, so that the child's end below is not taken for a death.
  stopping_ = true;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int wait_status = 0;
    if (!WaitForExit(pid_, kStopGrace, &wait_status)) {
      spdlog::warn("armada-localstack did not stop within {}s of SIGTERM; killing it",
                   kStopGrace.count());
      kill(-pid_, SIGKILL);
      WaitForExit(pid_, std::chrono::seconds(5), &wait_status);
    } else if (!(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) && !death_reported_) {
      spdlog::warn("{}", WithLogTail("armada-localstack " + DescribeExit(wait_status)));
    }
    pid_ = -1;
  }
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
  return FindShippedFile("e2e-config/executor_config.yaml", "pass --executor-config");
}

}  // namespace armada::cli
