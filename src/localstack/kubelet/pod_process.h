// One container's process on the host, started the way a container runtime
// would start it.
//
// The server is large and multi-threaded, and fork() would copy its page
// tables (and fault every page it then writes) for each container; so the
// child is made vfork-style (clone with CLONE_VM | CLONE_VFORK, as
// posix_spawn does): it shares the server's memory, does only system calls,
// and the starting thread waits until it has exec'd.
//
// Contract: before exec the child (1) becomes the leader of its own process
// group, so the container can be signalled as a whole, (2) unblocks all
// signals (the server blocks SIGINT/SIGTERM in its threads), (3) joins the
// container's cgroups, (4) asks for SIGKILL should the thread that started
// it die and (5), isolated, joins the pod's network namespace (netns_fd).
// Without an IsolationPlan it then execs the command. With one, the child is
// made the first process of a new PID namespace and execs
// armada-localstack-init (see isolation.h and container_init.cpp), which is
// the process watched here: it keeps the stop signals blocked
// (init_protocol.h), builds the container and runs the command as its only
// child. Start writes the init's user namespace id maps (the pod's id_base)
// when it asks (init_protocol.h), so it returns once the container's root is
// built.
// stdin is /dev/null; stdout and stderr go to the container's log file; no
// other descriptor of the server survives exec (the init's control socket
// aside, which the command never holds).
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/kubelet/isolation.h"

namespace armada::localstack {

struct ContainerLaunch {
  // argv[0] is looked up on the environment's PATH unless it has a '/' (by the
  // container itself, in its own root, when isolated).
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_dir;
  std::string log_file;
  std::vector<std::string> cgroup_procs_files;
  std::optional<IsolationPlan> isolation;
};

class PodProcess {
 public:
  ~PodProcess();
  PodProcess(const PodProcess&) = delete;
  PodProcess& operator=(const PodProcess&) = delete;

  // Starts the process; an error (executable not found, setup refused) is a
  // message in Kubernetes' words for a container that could not start.
  static StatusOr<std::unique_ptr<PodProcess>> Start(const ContainerLaunch& launch);

  // Without blocking: the exit code once the process has ended (128 + signal
  // for a signal, as a container runtime reports it), else nullopt. The
  // process is reaped here, so its pid names it until Poll has seen its end.
  std::optional<int> Poll();
  // Sends `signal` to the process group; also after the leader has ended, as
  // the group then holds exactly the container's stragglers.
  void SignalGroup(int signal);
  // Blocks until the process has ended; its exit code as Poll gives it.
  int Wait();
  // Once Poll has seen the end: why an isolated container never ran its
  // command (its init could not build the container), else "".
  const std::string& start_error() const { return start_error_; }
  pid_t pid() const { return pid_; }

 private:
  explicit PodProcess(pid_t pid) : pid_(pid) {}
  // Waits for the init's request and maps its user namespace's ids 0..65535
  // to id_base..; when that fails, sets start_error_ and kills the init.
  void MapUserNamespace(uint32_t id_base);
  // Fixes exit_code_ from a wait status and reads the init's last words.
  void Ended(int status);

  pid_t pid_;
  std::optional<int> exit_code_;
  // The server's end of an isolated container's control socket, or -1.
  int control_fd_ = -1;
  std::string start_error_;
};

}  // namespace armada::localstack
