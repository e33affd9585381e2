#include "cli/localstack_process.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "api/localstack_protocol.h"
#include "common/file_tail.h"
#include "common/shipped_file.h"

namespace armada::cli {
namespace {

namespace bp = boost::process;

constexpr auto kStopGrace = std::chrono::seconds(15);
constexpr auto kKillGrace = std::chrono::seconds(5);
// Enough of the server's log to show why it ended, short enough to read in
// an error.
constexpr size_t kTailLines = 20;
constexpr size_t kTailBytes = 16 * 1024;

// The last kTailLines lines of the file at path, without its final newline.
std::string TailOf(const std::string& path) {
  std::string text = FileTail(path, kTailLines, kTailBytes);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string DescribeExit(int code) {
  if (code > 128) return "was killed by signal " + std::to_string(code - 128);
  return "exited with code " + std::to_string(code);
}

}  // namespace

struct LocalStackProcess::Child {
  bp::ipstream out;
  bp::child process;
};

LocalStackProcess::LocalStackProcess(std::unique_ptr<Child> child, std::string log_path)
    : child_(std::move(child)), log_path_(std::move(log_path)) {}

StatusOr<std::unique_ptr<LocalStackProcess>> LocalStackProcess::Start(
    const std::string& binary, const std::string& executor_config, const std::string& log_path,
    const std::string& token_file, std::chrono::seconds startup_timeout,
    const std::vector<std::string>& extra_args) {
  // Created (and truncated) here, so that a folder that cannot hold it is
  // reported as such rather than as a failed start.
  if (!std::ofstream(log_path, std::ios::trunc)) {
    return Status::Error("cannot write armada-localstack's log " + log_path + ": " +
                         std::strerror(errno));
  }
  auto child = std::make_unique<Child>();
  const pid_t parent = ::getpid();
  std::vector<std::string> args = {"--listen",      "127.0.0.1:0",  "--executor-config",
                                   executor_config, "--token-file", token_file};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  try {
    child->process = bp::child(
        bp::exe = binary, bp::args = args, bp::std_in<bp::null, bp::std_out> child->out,
        bp::std_err > boost::filesystem::path(log_path),
        bp::extend::on_exec_setup = [parent](auto& exec) {
          if (::setpgid(0, 0) != 0) {
            exec.set_error(std::error_code(errno, std::system_category()), "setpgid");
            return;
          }
          ::prctl(PR_SET_PDEATHSIG, SIGTERM);
          // This process may have died before prctl took effect.
          if (::getppid() != parent) ::_exit(127);
          // The runner blocks SIGINT/SIGTERM in every thread (they are
          // received by one); the server must get them.
          sigset_t none;
          sigemptyset(&none);
          ::sigprocmask(SIG_SETMASK, &none, nullptr);
        });
  } catch (const std::exception& e) {
    return Status::Error("cannot start " + binary + ": " + e.what());
  }
  std::unique_ptr<LocalStackProcess> stack(new LocalStackProcess(std::move(child), log_path));
  stack->reader_ = std::thread([raw = stack.get()] { raw->Read(); });

  const auto deadline = std::chrono::steady_clock::now() + startup_timeout;
  std::unique_lock<std::mutex> lock(stack->mu_);
  stack->changed_.wait_until(lock, deadline,
                             [&] { return !stack->address_.empty() || stack->exit_code_; });
  if (!stack->address_.empty()) return stack;
  std::string what;
  if (stack->exit_code_) {
    what =
        binary + " " + DescribeExit(*stack->exit_code_) + " before printing its listening address";
  } else if (stack->output_closed_) {
    what = binary + " closed its stdout before printing its listening address";
  } else {
    what = binary + " did not print its listening address within " +
           std::to_string(startup_timeout.count()) + "s";
  }
  lock.unlock();
  stack->Stop();
  return Status::Error(stack->WithLogTail(what));
}

LocalStackProcess::~LocalStackProcess() { Stop(); }

std::string LocalStackProcess::WithLogTail(const std::string& what) const {
  const std::string tail = TailOf(log_path_);
  if (tail.empty()) return what + " (its log " + log_path_ + " is empty)";
  return what + "; the end of its log (" + log_path_ + "):\n" + tail;
}

void LocalStackProcess::Read() {
  for (std::string line; std::getline(child_->out, line);) {
    std::lock_guard<std::mutex> lock(mu_);
    if (address_.empty() && line.rfind(kListeningPrefix, 0) == 0) {
      address_ = line.substr(std::strlen(kListeningPrefix));
      changed_.notify_all();
    } else {
      spdlog::debug("armada-localstack: {}", line);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    output_closed_ = true;
    changed_.notify_all();
  }
  // Its stdout closes as it exits. Only this thread reaps it.
  std::error_code error;
  child_->process.wait(error);
  const int status = child_->process.native_exit_code();
  const int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  std::lock_guard<std::mutex> lock(mu_);
  exit_code_ = code;
  changed_.notify_all();
  if (stopping_ || address_.empty()) return;  // expected, or Start reports it
  spdlog::error("{}",
                WithLogTail("armada-localstack " + DescribeExit(code) + " while the tests ran"));
}

std::string LocalStackProcess::Death() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!exit_code_ || stopping_) return "";
  return "armada-localstack " + DescribeExit(*exit_code_) +
         " while the tests ran (its log: " + log_path_ + ")";
}

bool LocalStackProcess::WaitExited(std::unique_lock<std::mutex>& lock,
                                   std::chrono::steady_clock::time_point deadline) {
  return changed_.wait_until(lock, deadline, [this] { return exit_code_.has_value(); });
}

void LocalStackProcess::Stop() {
  if (!reader_.joinable()) return;
  const pid_t pid = child_->process.id();
  std::unique_lock<std::mutex> lock(mu_);
  // First, so that the child's end is not taken for a death.
  stopping_ = true;
  if (!exit_code_) {
    ::kill(pid, SIGTERM);
    if (!WaitExited(lock, std::chrono::steady_clock::now() + kStopGrace)) {
      spdlog::warn("armada-localstack did not stop within {}s of SIGTERM; killing it",
                   std::chrono::seconds(kStopGrace).count());
      ::kill(-pid, SIGKILL);
      WaitExited(lock, std::chrono::steady_clock::now() + kKillGrace);
    } else if (*exit_code_ != 0) {
      spdlog::warn("{}", WithLogTail("armada-localstack " + DescribeExit(*exit_code_)));
    }
  }
  lock.unlock();
  reader_.join();
}

StatusOr<std::string> FindLocalStackBinary() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto beside = self.parent_path() / "armada-localstack";
    if (::access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  const boost::filesystem::path on_path = bp::search_path("armada-localstack");
  if (!on_path.empty()) return on_path.string();
  return Status::Error(
      "armada-localstack not found beside this binary or on PATH (build it with "
      "scripts/build.sh)");
}

StatusOr<std::string> FindExecutorConfig() {
  return FindShippedFile("e2e-config/executor_config.yaml", "pass --executor-config");
}

}  // namespace armada::cli
