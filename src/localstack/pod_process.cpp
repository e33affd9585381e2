#include "localstack/pod_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cstring>
#include <fstream>
#include <sstream>

namespace armada::localstack {
namespace {

namespace bp = boost::process;

std::string Lookup(const std::vector<std::pair<std::string, std::string>>& env,
                   const std::string& name) {
  for (const auto& [key, value] : env) {
    if (key == name) return value;
  }
  return "";
}

// Writes "0" (the writer itself) to each cgroup.procs file.
bool JoinCgroups(const std::vector<std::string>& procs_files) {
  for (const auto& file : procs_files) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::write(fd, "0", 1) == 1;
    ::close(fd);
    if (!ok) return false;
  }
  return true;
}

// Marks every descriptor above stderr close-on-exec. The server is
// multi-threaded, so a child inherits whatever its threads had open at fork
// time: other containers' log files and the error pipes of concurrent starts,
// whose write end held by a sleeping container would block that start.
// Close-on-exec rather than close keeps Boost's own error pipe working until
// exec. Only system calls: this runs between fork and exec.
void CloseOnExecAboveStderr() {
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  // Kernels before 5.11 lack close_range; walk up to the descriptor limit.
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  for (rlim_t fd = 3; fd < limit.rlim_cur; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

}  // namespace

struct PodProcess::Child {
  bp::child process;
};

PodProcess::PodProcess(std::unique_ptr<Child> child, pid_t pid)
    : child_(std::move(child)), pid_(pid) {}

PodProcess::~PodProcess() {
  if (!exit_code_) {
    ::killpg(pid_, SIGKILL);
    std::error_code ec;
    child_->process.wait(ec);
  }
  // Boost would kill a still-attached child on destruction; it has ended.
  child_->process.detach();
}

StatusOr<std::unique_ptr<PodProcess>> PodProcess::Start(const ContainerLaunch& launch) {
  const std::string& name = launch.argv.at(0);
  boost::filesystem::path exe = name;
  // An isolated container looks a bare name up itself, in its own root.
  if (name.find('/') == std::string::npos && !launch.isolation) {
    std::vector<boost::filesystem::path> dirs;
    std::string path = Lookup(launch.env, "PATH");
    for (size_t start = 0; start <= path.size();) {
      const size_t end = std::min(path.find(':', start), path.size());
      if (end > start) dirs.emplace_back(path.substr(start, end - start));
      start = end + 1;
    }
    exe = bp::search_path(name, dirs);
    if (exe.empty()) {
      return Status::Error("exec: \"" + name + "\": executable file not found in $PATH");
    }
  }
  bp::environment env;
  for (const auto& [key, value] : launch.env) env[key] = value;
  std::vector<std::string> args(launch.argv.begin() + 1, launch.argv.end());
  std::string start_dir = launch.working_dir;
  if (launch.isolation) {
    auto init = InitBinary();
    if (!init.ok()) return init.status();
    // A relative path with a '/' is relative to the container's working dir.
    std::vector<std::string> command = {exe.is_absolute() || name.find('/') == std::string::npos
                                            ? exe.string()
                                            : launch.isolation->working_dir + "/" + exe.string()};
    command.insert(command.end(), args.begin(), args.end());
    args = launch.isolation->InitArgs(command);
    exe = *init;
    // The init leaves for the container's root; the working directory is
    // one inside it.
    start_dir = "/";
  }

  const ContainerLaunch* plan = &launch;
  pid_t spawned = -1;
  try {
    bp::child process(
        exe, bp::args = args, bp::env = env, bp::start_dir = start_dir,
        bp::std_in<bp::null, (bp::std_out & bp::std_err)> launch.log_file,
        bp::extend::on_exec_setup =
            [plan](auto& exec) {
              CloseOnExecAboveStderr();
              sigset_t all;
              sigemptyset(&all);
              ::sigprocmask(SIG_SETMASK, &all, nullptr);
              ::prctl(PR_SET_PDEATHSIG, SIGKILL);
              if (::setpgid(0, 0) != 0) {
                exec.set_error(std::error_code(errno, std::system_category()), "setpgid");
                return;
              }
              if (!JoinCgroups(plan->cgroup_procs_files)) {
                exec.set_error(std::error_code(errno, std::system_category()),
                               "joining the container's cgroup");
              }
            },
        bp::extend::on_error = [&spawned](auto& exec,
                                          const std::error_code&) { spawned = exec.pid; });
    const pid_t pid = process.id();
    auto started = std::unique_ptr<PodProcess>(
        new PodProcess(std::make_unique<Child>(Child{std::move(process)}), pid));
    if (launch.isolation) started->error_file_ = launch.isolation->error_file;
    return started;
  } catch (const std::exception& e) {
    // Boost does not wait for a child whose setup failed; reap it here.
    if (spawned > 0) ::waitpid(spawned, nullptr, 0);
    return Status::Error(std::string("failed to start container process: ") + e.what());
  }
}

std::optional<int> PodProcess::Poll() {
  if (exit_code_) return exit_code_;
  std::error_code ec;
  if (child_->process.running(ec) || ec) return std::nullopt;
  const int status = child_->process.native_exit_code();
  exit_code_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  if (!error_file_.empty()) {
    std::ifstream in(error_file_);
    std::stringstream text;
    text << in.rdbuf();
    start_error_ = text.str();
  }
  return exit_code_;
}

void PodProcess::SignalGroup(int signal) { ::killpg(pid_, signal); }

}  // namespace armada::localstack
