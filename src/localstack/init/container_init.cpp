// armada-localstack-init: starts one container's command the way a container
// runtime would, isolated from the host and from every other job. The
// executor runs it (through PodProcess) as root, already inside the
// container's cgroups and process group; its flags are IsolationPlan's.
//
// Two processes: an init, so that the container's PID namespace has one and
// the executor one host process to watch and signal, and the command.
//
//   init (PID 1 in the container; its host PID is what the executor waits for)
//     started by the server in a new PID namespace with the stop signals
//     blocked (init_protocol.h); unshares cgroup, UTS and IPC namespaces and,
//     in a mount namespace of its own, builds the container's root while
//     still root on the host: a tmpfs "layer" holding the upper and work
//     directories of an overlay whose lower layers are the directory layer
//     (--dir-layer, shown with the pod's ids when --dir-layer-ids-fd names a
//     user namespace) and the host's /, with a
//     fresh /proc, read-only /sys, a small /dev, and tmpfs /tmp, /dev/shm and
//     /root (/, /tmp and /root read-only for readOnlyRootFilesystem); pivots into it, drops every
//     supplementary group, enters a new user namespace (mounting the overlay inside one is refused,
//     and mounts made before it are locked for the container), waits for the server to map it,
//     becomes uid/gid 0 there, which is --id-base on the host, keeps only --capability-mask in
//     its bounding set, and starts the command; it forwards
//     a stop that came meanwhile, reaps orphans and exits with the command's exit code (128 +
//     signal for a signal; 128, with the reason told to the server, when the container could not
//     start). Its end ends the PID namespace: the kernel kills whatever the command left behind.
//   command (PID 2)
//     default signal dispositions, no_new_privs, its working directory, the
//     CPU quota (only now: the setup is not the container's to pay for), the
//     securityContext's ids (--run-as-user: from root in the user namespace
//     to them, which drops every capability), and exec with exactly the
//     environment the init was given.
//
// Everything written inside the container lands in tmpfs mounts created in
// its own cgroup, so it counts against its memory limit and disappears with
// it. The network namespace is the host's: ingress and tests reach jobs on
// loopback.
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "localstack/init/dir_walk.h"
#include "localstack/init/idmapped_tree.h"
#include "localstack/init/init_protocol.h"

extern char** environ;

namespace {

using namespace armada::localstack::init_protocol;  // NOLINT: the protocol's names
namespace dir_walk = armada::localstack::dir_walk;

struct Options {
  std::string layer;     // empty host directory to mount the layer tmpfs on
  std::string hostname;  // the pod's name
  unsigned long id_base = 0;
  std::string working_dir = "/";
  std::string termination_file;  // host file behind termination_path
  std::string termination_path;  // inside the container
  int control_fd = -1;           // the server's control socket (init_protocol.h)
  std::string layer_size;        // tmpfs size= for the layer (bytes), "" for the default
  // Host directory of the host's directories (dir_layer.h), laid over the
  // host's root; "" for none. Owned by the container's ids, or shown so
  // through the user namespace dir_layer_ids_fd (idmapped_tree.h) when >= 0.
  std::string dir_layer;
  int dir_layer_ids_fd = -1;
  // Volumes: host directory, path in the container, "ro" or "rw"; same length.
  std::vector<std::string> volume_sources, volume_targets, volume_modes;
  std::string cpu_quota_file;  // host cgroup file the init writes cpu_quota to, "" for none
  std::string cpu_quota;
  // The ids the command runs as inside the user namespace; -1 for root
  // (the kubelet's securityContext, pod/run_as.h).
  long run_as_user = -1, run_as_group = -1;
  // readOnlyRootFilesystem: /, /tmp and /root read-only once built.
  bool read_only_root = false;
  // The capabilities the command keeps: bit N for capability N.
  uint64_t capability_mask = 0;
  std::vector<gid_t> groups;
  std::vector<std::string> command;
};

// A setup step that failed: "what: strerror(errno)".
struct Failure {
  std::string message;
};

void Check(bool ok, const std::string& what) {
  if (!ok) throw Failure{what + ": " + std::strerror(errno)};
}

void Mount(const char* source, const std::string& target, const char* type, unsigned long flags,
           const std::string& data, const std::string& what) {
  Check(::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) == 0,
        "mounting " + what);
}

bool Exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// mkdir -p for the container's own paths (/proc, /dev, ...), made before
// anything of a job is mounted.
void MakeDirs(const std::string& path) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    Check(::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST, "creating " + path.substr(0, slash));
    if (slash == std::string::npos) return;
  }
}

// mkdir -p for a path the spec names, which may lead through a volume that
// another container of the pod is changing: made by descriptors, never
// through a symbolic link (dir_walk.h). Returns the last directory (O_PATH)
// and whether it was made here, or -1 where a link stopped the walk: then
// nothing beyond it was made, and the command meets the path as its own root
// would. The new directories are host root's (the overlay copies their
// parents up as they were).
dir_walk::Walked MakeSpecDirs(const std::string& path) {
  const int root = ::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  Check(root >= 0, "opening /");
  dir_walk::Walked walked = dir_walk::MakeDirs(root, path);
  ::close(root);
  if (walked.fd < 0 && walked.error != ELOOP && walked.error != ENOTDIR) {
    errno = walked.error;
    Check(false, "creating " + walked.failed);
  }
  return walked;
}

void Touch(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
  Check(fd >= 0, "creating " + path);
  ::close(fd);
}

std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

// A detached bind mount of a host file (open_tree), to attach once the
// host's root is gone: a bind from a path would have to name it.
int CloneTree(const std::string& path) {
  const int fd = static_cast<int>(
      ::syscall(SYS_open_tree, AT_FDCWD, path.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
  Check(fd >= 0, "cloning " + path);
  return fd;
}

void Attach(int tree, const std::string& target, const std::string& what) {
  Check(::syscall(SYS_move_mount, tree, "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) == 0,
        "mounting " + what);
}

// The container's /dev: the usual nodes bound from the host's (open in
// `nodes`), the standard links, its own devpts instance and a tmpfs /dev/shm.
void BuildDev(const std::vector<std::pair<std::string, int>>& nodes) {
  Mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k", "/dev");
  for (const auto& [name, fd] : nodes) {
    Touch("/dev/" + name);
    Attach(fd, "/dev/" + name, "/dev/" + name);
  }
  for (const auto& [link, target] :
       std::vector<std::pair<std::string, std::string>>{{"fd", "/proc/self/fd"},
                                                        {"stdin", "/proc/self/fd/0"},
                                                        {"stdout", "/proc/self/fd/1"},
                                                        {"stderr", "/proc/self/fd/2"},
                                                        {"ptmx", "pts/ptmx"}}) {
    Check(::symlink(target.c_str(), ("/dev/" + link).c_str()) == 0, "linking /dev/" + link);
  }
  Check(::mkdir("/dev/pts", 0755) == 0, "creating /dev/pts");
  Mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620",
        "/dev/pts");
  Check(::mkdir("/dev/shm", 01777) == 0, "creating /dev/shm");
  Mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", "/dev/shm");
}

// Builds the container's root in a new mount namespace and pivots into it.
// Runs as host root in the new PID, cgroup, UTS and IPC namespaces. Every path the spec names is
// created after the pivot, so its symlinks resolve inside the container.
void BuildRoot(const Options& o) {
  const std::string id = std::to_string(o.id_base);
  // Its own mount namespace: the host's mounts stay as they are.
  Check(::unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS)");
  Check(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, "making / private");
  Mount("armada-layer", o.layer, "tmpfs", MS_NOSUID | MS_NODEV,
        "mode=700" + (o.layer_size.empty() ? "" : ",size=" + o.layer_size), "the layer tmpfs");
  Check(::chdir(o.layer.c_str()) == 0, "entering the layer");
  for (const char* dir : {"upper", "work", "root"}) {
    Check(::mkdir(dir, 0755) == 0, std::string("creating the layer's ") + dir);
  }
  // The root directory's owner is the upper layer's: the container's root.
  Check(::chown("upper", o.id_base, o.id_base) == 0, "handing / to the container");
  // Relative layer paths, and the directory layer by descriptor: the state
  // directory's name may hold ',' or ':'.
  std::string lower = "/";
  int dir_layer_fd = -1;
  if (!o.dir_layer.empty() && o.dir_layer_ids_fd >= 0) {
    // Attached in this namespace only: overlay takes no detached layer.
    const int tree = armada::localstack::IdMappedTree(o.dir_layer.c_str(), o.dir_layer_ids_fd);
    Check(tree >= 0, "showing the directory layer " + o.dir_layer + " with the pod's ids");
    ::close(o.dir_layer_ids_fd);
    Check(::mkdir("dirs", 0700) == 0, "creating the layer's dirs");
    Attach(tree, "dirs", "the directory layer");
    ::close(tree);
    lower = "dirs:/";
  } else if (!o.dir_layer.empty()) {
    dir_layer_fd = ::open(o.dir_layer.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    Check(dir_layer_fd >= 0, "opening the directory layer " + o.dir_layer);
    lower = "/proc/self/fd/" + std::to_string(dir_layer_fd) + ":/";
  }
  Mount("overlay", "root", "overlay", MS_NOSUID,
        "lowerdir=" + lower + ",upperdir=upper,workdir=work", "the root overlay");
  if (dir_layer_fd >= 0) ::close(dir_layer_fd);
  // Volumes, cloned while their host paths are reachable; a read-only one
  // stays so: mounts made before the user namespace are locked for it.
  std::vector<int> volumes;
  for (size_t i = 0; i < o.volume_sources.size(); ++i) {
    volumes.push_back(CloneTree(o.volume_sources[i]));
    if (o.volume_modes[i] == "ro") {
      mount_attr attr{};
      attr.attr_set = MOUNT_ATTR_RDONLY;
      Check(
          ::syscall(SYS_mount_setattr, volumes.back(), "", AT_EMPTY_PATH, &attr, sizeof(attr)) == 0,
          "making the volume at " + o.volume_targets[i] + " read-only");
    }
  }
  std::vector<std::pair<std::string, int>> nodes;
  for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"}) {
    const std::string host = std::string("/dev/") + node;
    // A host without one of them just does not get it.
    if (Exists(host)) nodes.emplace_back(node, CloneTree(host));
  }
  const int termination_fd = o.termination_path.empty() ? -1 : CloneTree(o.termination_file);

  // The old root goes away entirely: nothing of the host outside the overlay
  // stays reachable.
  Check(::chdir("root") == 0, "entering the root");
  Check(::syscall(SYS_pivot_root, ".", ".") == 0, "pivot_root");
  Check(::umount2(".", MNT_DETACH) == 0, "detaching the host's root");
  Check(::chdir("/") == 0, "entering /");

  MakeDirs("/proc");
  Mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "", "/proc");
  MakeDirs("/sys");
  Mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "", "/sys");
  MakeDirs("/dev");
  BuildDev(nodes);
  MakeDirs("/tmp");
  Mount("tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", "/tmp");
  MakeDirs("/root");
  Mount("home", "/root", "tmpfs", MS_NOSUID | MS_NODEV, "mode=700,uid=" + id + ",gid=" + id,
        "/root");
  for (size_t i = 0; i < volumes.size(); ++i) {
    const dir_walk::Walked target = MakeSpecDirs(o.volume_targets[i]);
    if (target.fd >= 0) ::close(target.fd);
    Attach(volumes[i], o.volume_targets[i], "the volume at " + o.volume_targets[i]);
    ::close(volumes[i]);
  }
  if (termination_fd >= 0) {
    const dir_walk::Walked parent = MakeSpecDirs(Parent(o.termination_path));
    if (parent.fd >= 0) ::close(parent.fd);
    Touch(o.termination_path);
    Attach(termination_fd, o.termination_path, "the termination message path");
  }
  // As a runtime does for a missing workingDir; the container owns it. Its
  // owner changes through the descriptor of the directory made here, never
  // through the path: a sibling container may swap a volume's directory for
  // a link to a host file between any two steps.
  const dir_walk::Walked working_dir = MakeSpecDirs(o.working_dir);
  if (working_dir.fd >= 0) {
    Check(!working_dir.created ||
              ::fchownat(working_dir.fd, "", o.id_base, o.id_base, AT_EMPTY_PATH) == 0,
          "handing the working directory to the container");
    ::close(working_dir.fd);
  }
  for (const auto& [name, fd] : nodes) ::close(fd);
  if (termination_fd >= 0) ::close(termination_fd);
  if (o.read_only_root) {
    // As a runtime does it: the root file system (here also /tmp and /root,
    // which a runtime's root holds) read-only; /dev, volumes and the
    // termination message path stay writable. Locked once the user
    // namespace is entered: the container cannot make them writable again.
    mount_attr attr{};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    for (const char* path : {"/tmp", "/root", "/"}) {
      Check(::syscall(SYS_mount_setattr, AT_FDCWD, path, 0, &attr, sizeof(attr)) == 0,
            std::string("making ") + path + " read-only");
    }
  }
  Check(::sethostname(o.hostname.data(), o.hostname.size()) == 0, "setting the hostname");
}

// Tells the server something; a server that has gone is no longer listening.
void Say(int control_fd, char what, const std::string& text = "") {
  const std::string message = what + text;
  ::send(control_fd, message.data(), message.size(), MSG_NOSIGNAL);
}

// The command's process between clone and exec, and what it reports back.
// It shares the init's memory (the init waits meanwhile), so it only makes
// system calls on what the init prepared, and leaves the wording of a
// failure to the init.
struct CommandStart {
  char* const* argv = nullptr;
  bool bare = false;  // argv[0] is looked up on the container's PATH
  const char* working_dir = nullptr;
  int quota_fd = -1;  // the CPU quota's cgroup file, or -1
  const std::string* cpu_quota = nullptr;
  const Options* ids = nullptr;  // run_as_user, run_as_group, groups
  // Set by the child when it did not get to run the command.
  const char* failed_step = nullptr;
  int error = 0;
};

// Default signal dispositions, nothing blocked, no_new_privs, the working
// directory, then the CPU quota (only now: the whole setup, the user
// namespace and this process's start included, is the runtime's work, which
// a 10m limit would otherwise stretch by a throttled period of 100 ms per
// millisecond of it), the ids to run as, and exec with the environment the
// init was given. Runs on a stack the sanitizers know nothing of.
__attribute__((no_sanitize("address", "undefined"))) int CommandMain(void* arg) {
  CommandStart& start = *static_cast<CommandStart*>(arg);
  const auto fail = [&start](const char* step) {
    start.error = errno;
    start.failed_step = step;
    ::_exit(127);
  };
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("no_new_privs");
  if (::chdir(start.working_dir) != 0) fail("chdir");
  if (start.quota_fd >= 0 &&
      ::write(start.quota_fd, start.cpu_quota->data(), start.cpu_quota->size()) !=
          static_cast<ssize_t>(start.cpu_quota->size())) {
    fail("setting the CPU quota");
  }
  // Raw system calls: glibc's wrappers would signal the init's thread too,
  // which shares this memory, to change its credentials with ours.
  const Options& ids = *start.ids;
  if (ids.run_as_user >= 0) {
    if (::syscall(SYS_setgroups, ids.groups.size(), ids.groups.data()) != 0) fail("setgroups");
    if (::syscall(SYS_setresgid, ids.run_as_group, ids.run_as_group, ids.run_as_group) != 0) {
      fail("setresgid");
    }
    if (::syscall(SYS_setresuid, ids.run_as_user, ids.run_as_user, ids.run_as_user) != 0) {
      fail("setresuid");
    }
  }
  if (start.bare) {
    ::execvpe(start.argv[0], start.argv, environ);
  } else {
    ::execve(start.argv[0], start.argv, environ);
  }
  fail("exec");
  return 127;
}

// Starts the command as the init's only child, vfork-style: a fork would
// copy the init's page tables only for the exec to drop them. Returns its
// pid; on failure writes why to the server and exits.
pid_t StartCommand(const Options& o, int control_fd, int quota_fd) {
  std::vector<char*> argv;
  for (const auto& arg : o.command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  CommandStart start;
  start.argv = argv.data();
  start.bare = o.command.front().find('/') == std::string::npos;
  start.working_dir = o.working_dir.c_str();
  start.quota_fd = quota_fd;
  start.cpu_quota = &o.cpu_quota;
  start.ids = &o;
  // CLONE_VFORK: this process resumes once the child has exec'd or exited,
  // so the child can run on this otherwise idle part of its stack.
  constexpr size_t kStackBytes = 64 * 1024;
  alignas(64) char stack[kStackBytes];
  const pid_t command =
      ::clone(CommandMain, stack + kStackBytes, CLONE_VM | CLONE_VFORK | SIGCHLD, &start);
  if (command < 0) {
    Say(control_fd, kStartError, std::string("starting the command: ") + std::strerror(errno));
    ::_exit(kStartErrorExit);
  }
  if (start.failed_step == nullptr) return command;
  while (::waitpid(command, nullptr, 0) < 0 && errno == EINTR) {
  }
  const std::string step = start.failed_step;
  const char* reason = std::strerror(start.error);
  std::string why = step + ": " + reason;
  if (step == "chdir") {
    why = "chdir to " + o.working_dir + ": " + reason;
  } else if (step == "exec") {
    why = "exec: \"" + o.command.front() + "\": " +
          (start.bare && start.error == ENOENT ? "executable file not found in $PATH" : reason);
  }
  Say(control_fd, kStartError, why);
  ::_exit(kStartErrorExit);
}

// PID 1 of the container's PID namespace: builds the root, enters the user
// namespace the server maps, runs the command and reaps orphans until the
// command ends. Setup failures go to the server over control_fd.
[[noreturn]] void Init(const Options& o) {
  const int control_fd = o.control_fd;
  // The command must never hold it.
  ::fcntl(control_fd, F_SETFD, FD_CLOEXEC);
  // The server starts this with them blocked already (init_protocol.h).
  const sigset_t held = HeldSignals();
  ::sigprocmask(SIG_BLOCK, &held, nullptr);
  // Opened while the host's files are in view; written by the command just
  // before its exec, once the setup, which no runtime charges to the
  // container, is done (CommandMain), and lifted again for the teardown once
  // nothing of the container is left. Close-on-exec: the command never holds it.
  int quota_fd = -1;
  try {
    if (!o.cpu_quota_file.empty()) {
      quota_fd = ::open(o.cpu_quota_file.c_str(), O_WRONLY | O_CLOEXEC);
      Check(quota_fd >= 0, "opening " + o.cpu_quota_file);
    }
    // Here, not by the server's clone: the cgroup namespace's root is the
    // cgroup its maker is in, and only now is this process in the container's.
    Check(::unshare(CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC) == 0,
          "unshare(CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC)");
    BuildRoot(o);
    Check(::setgroups(0, nullptr) == 0, "dropping supplementary groups");
    Check(::unshare(CLONE_NEWUSER) == 0, "unshare(CLONE_NEWUSER)");
    Say(control_fd, kUserNamespaceReady);
    char go = 0;
    // The server gone, or unable to map the ids: it knows why.
    if (::recv(control_fd, &go, 1, 0) != 1 || go != kGo) ::_exit(kStartErrorExit);
    Check(::setresgid(0, 0, 0) == 0 && ::setresuid(0, 0, 0) == 0, "becoming the container's root");
    // Entering the user namespace gave every capability in it; the command,
    // its root, gets exactly the bounding set at exec.
    for (int cap = 0; cap < 64 && ::prctl(PR_CAPBSET_READ, cap) >= 0; ++cap) {
      Check((o.capability_mask >> cap & 1) != 0 || ::prctl(PR_CAPBSET_DROP, cap) == 0,
            "dropping capability " + std::to_string(cap));
    }
    // Changing credentials cleared it; the server's thread must still take
    // the container with it should it die.
    Check(::prctl(PR_SET_PDEATHSIG, SIGKILL) == 0, "asking for the parent's death signal");
    // The command runs as the same ids: whatever fs.suid_dumpable says, it
    // must not ptrace this process, whose memory and descriptors were the
    // host root's.
    Check(::prctl(PR_SET_DUMPABLE, 0) == 0, "making the init undumpable");
  } catch (const Failure& f) {
    Say(control_fd, kStartError, f.message);
    ::_exit(kStartErrorExit);
  }
  const pid_t command = StartCommand(o, control_fd, quota_fd);
  // The command runs: nothing more to say.
  ::close(control_fd);
  // A stop that came while the container was being built is the command's:
  // signals sent since reach it through the process group.
  const timespec now{0, 0};
  for (int sig; (sig = ::sigtimedwait(&held, nullptr, &now)) > 0;) ::kill(command, sig);
  while (true) {
    int status = 0;
    const pid_t ended = ::waitpid(-1, &status, 0);
    if (ended < 0 && errno == EINTR) continue;
    if (ended < 0) ::_exit(kStartErrorExit);
    if (ended != command) continue;  // an orphan re-parented to us
    if (quota_fd >= 0) {
      // Nothing of the container runs on (PID 1 may signal all the rest of
      // its namespace); its mounts' teardown is the runtime's work.
      ::kill(-1, SIGKILL);
      const bool v2 = o.cpu_quota_file.size() >= 7 &&
                      o.cpu_quota_file.compare(o.cpu_quota_file.size() - 7, 7, "cpu.max") == 0;
      const std::string unlimited = v2 ? "max" : "-1";
      if (::write(quota_fd, unlimited.data(), unlimited.size()) < 0) {
        // Still limited: the teardown is only slower.
      }
    }
    ::_exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
  }
}

}  // namespace

#ifdef ARMADA_TS_SANITIZED
// LeakSanitizer's check at exit stops the process's threads with ptrace,
// which a process inside the job's user and PID namespaces may not do (it
// then fails the container). AddressSanitizer's other checks stay on.
extern "C" int __lsan_is_turned_off() { return 1; }
#endif

int main(int argc, char** argv) {
  CLI::App app{"armada-localstack-init: runs one container for armada-localstack (internal)"};
  Options o;
  app.add_option("--layer", o.layer, "empty host directory for the container's layer")->required();
  app.add_option("--hostname", o.hostname, "the pod's name")->required();
  app.add_option("--id-base", o.id_base, "host uid/gid of the container's root")->required();
  app.add_option("--working-dir", o.working_dir, "working directory in the container");
  app.add_option("--termination-file", o.termination_file, "host file behind the message path");
  app.add_option("--termination-path", o.termination_path, "termination message path");
  app.add_option("--control-fd", o.control_fd, "the server's control socket")->required();
  app.add_option("--layer-size", o.layer_size, "size of the layer tmpfs in bytes");
  app.add_option("--dir-layer", o.dir_layer, "host directory laid over the host's root");
  app.add_option("--dir-layer-ids-fd", o.dir_layer_ids_fd,
                 "user namespace the directory layer is shown through");
  app.add_option("--volume-source", o.volume_sources, "a volume's host directory (repeated)")
      ->allow_extra_args(false);
  app.add_option("--volume-target", o.volume_targets, "its absolute path in the container")
      ->allow_extra_args(false);
  app.add_option("--volume-mode", o.volume_modes, "ro or rw")->allow_extra_args(false);
  app.add_option("--cpu-quota-file", o.cpu_quota_file,
                 "cgroup file the CPU quota is written to just before the command's exec");
  app.add_option("--cpu-quota", o.cpu_quota, "what is written to --cpu-quota-file");
  app.add_flag("--read-only-root", o.read_only_root, "the root file system read-only");
  app.add_option("--capability-mask", o.capability_mask,
                 "the capabilities the command keeps, bit N for capability N");
  app.add_option("--run-as-user", o.run_as_user, "uid the command runs as, in the container")
      ->check(CLI::Range(0, 65535));
  app.add_option("--run-as-group", o.run_as_group, "its gid")->check(CLI::Range(0, 65535));
  app.add_option("--supplemental-group", o.groups, "a supplementary group (repeated)")
      ->check(CLI::Range(0, 65535))
      ->allow_extra_args(false);
  app.add_option("command", o.command,
                 "the command (absolute, or a name looked up on PATH), then its arguments")
      ->required();
  CLI11_PARSE(app, argc, argv);
  const std::string& exe = o.command.front();
  if (o.id_base == 0 || exe.empty() || (exe[0] != '/' && exe.find('/') != std::string::npos) ||
      o.working_dir.empty() || o.working_dir[0] != '/') {
    std::cerr << "armada-localstack-init: --id-base must be non-zero; the command must be "
                 "absolute or a bare name and --working-dir absolute\n";
    return 2;
  }
  if (o.volume_targets.size() != o.volume_sources.size() ||
      o.volume_modes.size() != o.volume_sources.size()) {
    std::cerr << "armada-localstack-init: each --volume-source needs a --volume-target and a "
                 "--volume-mode\n";
    return 2;
  }
  for (size_t i = 0; i < o.volume_targets.size(); ++i) {
    if (o.volume_targets[i].empty() || o.volume_targets[i][0] != '/' ||
        (o.volume_modes[i] != "ro" && o.volume_modes[i] != "rw")) {
      std::cerr << "armada-localstack-init: a --volume-target must be absolute and a "
                   "--volume-mode ro or rw\n";
      return 2;
    }
  }
  if ((o.run_as_user < 0) != (o.run_as_group < 0) || (o.run_as_user < 0 && !o.groups.empty())) {
    std::cerr << "armada-localstack-init: --run-as-user and --run-as-group go together, and "
                 "--supplemental-group needs them\n";
    return 2;
  }
  if (!o.termination_path.empty() && o.termination_path[0] != '/') {
    std::cerr << "armada-localstack-init: --termination-path must be absolute\n";
    return 2;
  }
  Init(o);
}
