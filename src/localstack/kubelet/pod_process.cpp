#include "localstack/kubelet/pod_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <cerrno>
#include <cstring>
#include <utility>

#include "localstack/init/init_protocol.h"
#include "localstack/kubelet/id_maps.h"

namespace armada::localstack {
namespace {

std::string Lookup(const std::vector<std::pair<std::string, std::string>>& env,
                   const std::string& name) {
  for (const auto& [key, value] : env) {
    if (key == name) return value;
  }
  return "";
}

// Marks every descriptor above stderr close-on-exec. The server is
// multi-threaded, so a child inherits whatever its threads had open at clone
// time: other containers' log files and descriptors of concurrent starts.
void CloseOnExecAboveStderr() {
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  // Kernels before 5.11 lack close_range; walk up to the descriptor limit.
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  for (rlim_t fd = 3; fd < limit.rlim_cur; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

// Everything the child needs, prepared by the parent: the child shares the
// parent's memory and must not allocate (another thread may hold malloc's
// lock), so it only reads this and writes `failed_step`/`error`.
struct SpawnPlan {
  const char* exe = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* start_dir = nullptr;
  int log_fd = -1;
  int null_fd = -1;
  const std::vector<std::string>* cgroup_procs_files = nullptr;
  // Namespaces the child is made in (CLONE_NEW*), or 0.
  int namespaces = 0;
  // Passed on as init_protocol::kControlFd when >= 0.
  int control_fd = -1;
  // The pod's network namespace, joined before exec when >= 0.
  int netns_fd = -1;
  // Passed on as init_protocol::kDirLayerIdsFd when >= 0.
  int dir_layer_ids_fd = -1;
  // The signal mask the new program starts with.
  const sigset_t* exec_mask = nullptr;
  // Set by the child when a step before exec failed.
  const char* failed_step = nullptr;
  int error = 0;
};

// The child, between clone and exec: only system calls. Not instrumented:
// it runs on a stack the sanitizers know nothing of.
__attribute__((no_sanitize("address", "undefined"))) int ChildMain(void* arg) {
  SpawnPlan& plan = *static_cast<SpawnPlan*>(arg);
  auto fail = [&plan](const char* step) {
    plan.error = errno;
    plan.failed_step = step;
    ::_exit(127);
  };
  // The parent blocked every signal around clone, so no handler of the
  // server's runs here; give handled signals their default action before
  // unblocking (exec would, but a signal may come first).
  for (int signo = 1; signo < NSIG; ++signo) {
    struct sigaction action {};
    if (::sigaction(signo, nullptr, &action) != 0) continue;
    if (action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN) {
      action.sa_handler = SIG_DFL;
      action.sa_flags = 0;
      ::sigaction(signo, &action, nullptr);
    }
  }
  // dup2 onto itself would keep close-on-exec; the parent's descriptors
  // are never 0-2 unless the server runs without them.
  const auto redirect = [](int from, int to) {
    return from == to ? ::fcntl(to, F_SETFD, 0) : ::dup2(from, to);
  };
  if (redirect(plan.null_fd, 0) < 0 || redirect(plan.log_fd, 1) < 0 ||
      redirect(plan.log_fd, 2) < 0) {
    fail("redirecting stdin, stdout and stderr");
  }
  CloseOnExecAboveStderr();
  // Out of the way of the control socket's number first.
  const int ids_fd = plan.dir_layer_ids_fd < 0 ? -1
                                               : ::fcntl(plan.dir_layer_ids_fd, F_DUPFD_CLOEXEC,
                                                         init_protocol::kDirLayerIdsFd + 1);
  if (plan.dir_layer_ids_fd >= 0 && ids_fd < 0) fail("passing the directory layer's ids");
  if (plan.control_fd >= 0 && redirect(plan.control_fd, init_protocol::kControlFd) < 0) {
    fail("passing the control socket");
  }
  if (ids_fd >= 0 && ::dup2(ids_fd, init_protocol::kDirLayerIdsFd) < 0) {
    fail("passing the directory layer's ids");
  }
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::setpgid(0, 0) != 0) fail("setpgid");
  if (plan.netns_fd >= 0 && ::setns(plan.netns_fd, CLONE_NEWNET) != 0) {
    fail("joining the pod's network namespace");
  }
  for (const std::string& file : *plan.cgroup_procs_files) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, "0", 1) != 1) fail("joining the container's cgroup");
    ::close(fd);
  }
  if (::chdir(plan.start_dir) != 0) fail("changing to the working directory");
  ::sigprocmask(SIG_SETMASK, plan.exec_mask, nullptr);
  ::execve(plan.exe, plan.argv, plan.envp);
  fail("exec");
  return 127;
}

// Starts the plan's child; its pid, or -1 with errno set.
pid_t Spawn(SpawnPlan& plan) {
  // The child's stack: it needs little (no library code that allocates).
  // CLONE_VFORK suspends this thread until the child has exec'd or exited,
  // so the child can run on a part of this thread's stack that nothing else
  // uses meanwhile. A mapping of its own would cost an mmap and, at its
  // munmap, a TLB flush on every CPU that runs one of the server's threads,
  // per container.
  constexpr size_t kStackBytes = 64 * 1024;
  alignas(64) char stack[kStackBytes];
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  // CLONE_VFORK: this thread resumes once the child has exec'd or exited.
  const pid_t pid = ::clone(ChildMain, stack + kStackBytes,
                            CLONE_VM | CLONE_VFORK | SIGCHLD | plan.namespaces, &plan);
  const int clone_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = clone_errno;
  return pid;
}

// Close-on-exec descriptor holder.
struct Fd {
  int fd = -1;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int Release() { return std::exchange(fd, -1); }
};

// How long an init may take to build the container's root before the
// container fails to start: a mount that hangs must not hang the pod.
constexpr int kSetupTimeoutMs = 60'000;
// What the server keeps of an init's reason not to start.
constexpr size_t kMaxStartErrorBytes = 4096;

}  // namespace

PodProcess::~PodProcess() {
  if (!exit_code_) {
    ::killpg(pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (control_fd_ >= 0) ::close(control_fd_);
}

StatusOr<std::unique_ptr<PodProcess>> PodProcess::Start(const ContainerLaunch& launch) {
  const std::string& name = launch.argv.at(0);
  std::string exe = name;
  // An isolated container looks a bare name up itself, in its own root.
  if (name.find('/') == std::string::npos && !launch.isolation) {
    std::vector<boost::filesystem::path> dirs;
    std::string path = Lookup(launch.env, "PATH");
    for (size_t start = 0; start <= path.size();) {
      const size_t end = std::min(path.find(':', start), path.size());
      if (end > start) dirs.emplace_back(path.substr(start, end - start));
      start = end + 1;
    }
    exe = boost::process::search_path(name, dirs).string();
    if (exe.empty()) {
      return Status::Error("exec: \"" + name + "\": executable file not found in $PATH");
    }
  }
  std::vector<std::string> args(launch.argv.begin() + 1, launch.argv.end());
  std::string start_dir = launch.working_dir;
  if (launch.isolation) {
    auto init = InitBinary();
    if (!init.ok()) return init.status();
    // A relative path with a '/' is relative to the container's working dir.
    std::vector<std::string> command = {exe.front() == '/' || name.find('/') == std::string::npos
                                            ? exe
                                            : launch.isolation->working_dir + "/" + exe};
    command.insert(command.end(), args.begin(), args.end());
    args = launch.isolation->InitArgs(command);
    exe = *init;
    // The init leaves for the container's root; the working directory is
    // one inside it.
    start_dir = "/";
  }

  std::vector<std::string> env_entries;
  env_entries.reserve(launch.env.size());
  for (const auto& [key, value] : launch.env) env_entries.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : env_entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<char*> argv = {exe.data()};
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  auto failed = [](const std::string& what) {
    return Status::Error("failed to start container process: " + what + ": " +
                         std::strerror(errno));
  };
  Fd null_fd{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  if (null_fd.fd < 0) return failed("/dev/null");
  Fd log_fd{::open(launch.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (log_fd.fd < 0) return failed(launch.log_file);
  Fd server_end, init_end;
  sigset_t exec_mask;
  sigemptyset(&exec_mask);
  if (launch.isolation) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
      return failed("the init's control socket");
    }
    server_end.fd = ends[0];
    init_end.fd = ends[1];
    exec_mask = init_protocol::HeldSignals();
  }

  SpawnPlan plan;
  plan.exe = exe.c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.start_dir = start_dir.c_str();
  plan.log_fd = log_fd.fd;
  plan.null_fd = null_fd.fd;
  plan.cgroup_procs_files = &launch.cgroup_procs_files;
  plan.exec_mask = &exec_mask;
  if (launch.isolation) {
    // The cgroup, UTS and IPC namespaces are the init's to make, once it is
    // in the container's cgroups; a PID namespace only a new process enters.
    plan.namespaces = CLONE_NEWPID;
    plan.control_fd = init_end.fd;
    plan.netns_fd = launch.isolation->netns_fd;
    plan.dir_layer_ids_fd = launch.isolation->dir_layer_ids_fd;
  }
  const pid_t pid = Spawn(plan);
  if (pid < 0) return failed("clone");
  if (plan.failed_step != nullptr) {
    // The child has exited without exec'ing; reap it.
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    errno = plan.error;
    return failed(plan.failed_step);
  }
  auto started = std::unique_ptr<PodProcess>(new PodProcess(pid));
  if (launch.isolation) {
    // Only the init holds its end now: EOF on ours is its end.
    init_end.Close();
    started->control_fd_ = server_end.Release();
    started->MapUserNamespace(launch.isolation->id_base);
  }
  return started;
}

void PodProcess::MapUserNamespace(uint32_t id_base) {
  const auto give_up = [this](const std::string& why) {
    start_error_ = why;
    ::kill(pid_, SIGKILL);
  };
  pollfd ready{control_fd_, POLLIN, 0};
  int polled;
  do {
    polled = ::poll(&ready, 1, kSetupTimeoutMs);
  } while (polled < 0 && errno == EINTR);
  if (polled == 0) {
    give_up("building the container took longer than " + std::to_string(kSetupTimeoutMs / 1000) +
            " s");
    return;
  }
  // Peeked: anything but the request (a start error, EOF) is for Ended.
  char said = 0;
  if (::recv(control_fd_, &said, 1, MSG_PEEK) != 1 || said != init_protocol::kUserNamespaceReady) {
    return;
  }
  ::recv(control_fd_, &said, 1, 0);
  if (!WriteIdMaps(pid_, id_base)) {
    give_up(std::string("writing the user namespace's id maps: ") + std::strerror(errno));
    return;
  }
  // An init that died meanwhile is Poll's to report.
  ::send(control_fd_, &init_protocol::kGo, 1, MSG_NOSIGNAL);
}

void PodProcess::Ended(int status) {
  exit_code_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  if (control_fd_ < 0) return;
  // Everything the init said is buffered: it has ended, and the command
  // never held its end.
  std::string said;
  char chunk[512];
  for (ssize_t n; said.size() < kMaxStartErrorBytes &&
                  (n = ::recv(control_fd_, chunk, sizeof(chunk), MSG_DONTWAIT)) > 0;) {
    said.append(chunk, static_cast<size_t>(n));
  }
  ::close(control_fd_);
  control_fd_ = -1;
  if (start_error_.empty() && !said.empty() && said[0] == init_protocol::kStartError) {
    start_error_ = said.substr(1, kMaxStartErrorBytes);
  }
}

std::optional<int> PodProcess::Poll() {
  if (exit_code_) return exit_code_;
  int status = 0;
  pid_t ended;
  do {
    ended = ::waitpid(pid_, &status, WNOHANG);
  } while (ended < 0 && errno == EINTR);
  if (ended != pid_) return std::nullopt;
  Ended(status);
  return exit_code_;
}

int PodProcess::Wait() {
  if (exit_code_) return *exit_code_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  Ended(status);
  return *exit_code_;
}

void PodProcess::SignalGroup(int signal) { ::killpg(pid_, signal); }

}  // namespace armada::localstack
