// A container's private view of the machine, set up in its child process
// between fork and exec: its own mount namespace with a pod-like /dev.
//
// The new /dev is a small tmpfs holding the usual device nodes (bind-mounted
// from the host's: null zero full random urandom tty), the fd/stdin/stdout/
// stderr links, /dev/pts, a fresh tmpfs /dev/shm (charged to the container's
// memory cgroup, so filling it counts against the limit as in a pod) and the
// termination-message file, bind-mounted from a per-container file on the host
// that the executor reads after the container ends. Replacing /dev rather
// than creating files in it keeps the host's /dev untouched; every mount lives
// only in the namespace and disappears with its last process.
//
// A termination message path outside /dev is bind-mounted only when that path
// already exists on the host (a mount needs a target, and creating one would
// leave it behind); otherwise the container simply cannot write it.
//
// Contract: a plan is built in the parent (it allocates); Apply runs in the
// child and only makes system calls, because the parent is multi-threaded.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace armada::localstack {

struct IsolationPlan {
  // Builds the plan for one container. `staging` is an empty host directory
  // used as the new /dev's mount point before it is moved onto /dev;
  // `termination_file` is the host file behind `termination_path`.
  static IsolationPlan ForContainer(const std::string& staging, const std::string& termination_file,
                                    const std::string& termination_path);

  std::string staging;
  std::vector<std::string> dirs;                           // to mkdir in staging
  std::vector<std::pair<std::string, std::string>> binds;  // host -> target file
  std::vector<std::pair<std::string, std::string>> links;  // link -> target
  std::string pts_source, pts_target, shm_target;
  std::string termination_source, termination_target;  // bind, when set
  std::string termination_outside_dev;                 // bind after the move
};

// Applies `plan` to the calling (child) process. On failure returns the
// errno and sets `*step` to a static description of what failed.
int ApplyIsolation(const IsolationPlan& plan, const char** step);

// Whether this host lets a child unshare its mount namespace and mount a
// tmpfs, tried in a short-lived child process. On failure `why` says why.
bool MountNamespacesWork(const std::string& scratch_dir, std::string* why);

}  // namespace armada::localstack
