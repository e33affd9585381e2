// This server instance's own directory of per-job work directories (logs,
// termination files, the mount points of job layers): WORK/run-<pid>, mode
// 0700. Nothing in it is meant to survive the instance: it is removed when the
// server stops, and a server that could not (SIGKILL) leaves it to the next
// start, or `armada-localstack --cleanup`, to remove. State that must survive
// a restart belongs elsewhere.
//
// An instance holds an exclusive flock on run-<pid>/lock while it lives, so a
// directory whose lock can be taken is stale whatever its pid now names.
//
// Two tmpfs mounts may live in it, the directory layer (dir_layer.h) and the
// containers' mount points (kMountPointsName, executor.h); both are detached
// before a run directory is removed, a stale one included.
//
// Contract: WORK itself is created 0700 when missing; an existing WORK must be
// a real directory (not a symlink) owned by this user that no one else can
// write to.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace armada::localstack {

// The tmpfs of the containers' layer mount points in a run directory.
inline constexpr char kMountPointsName[] = "mounts";

class RunDir {
 public:
  // Creates WORK/run-<this pid> and locks it.
  static StatusOr<RunDir> Create(const std::string& work);
  RunDir(RunDir&& other) noexcept;
  RunDir& operator=(RunDir&&) = delete;
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  // Removes the directory.
  ~RunDir();

  const std::string& path() const { return path_; }

 private:
  RunDir(std::string path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}
  std::string path_;
  int lock_fd_ = -1;
};

// The default WORK: /tmp/armada-localstack-<euid>.
std::string DefaultWorkDir();

// Removes every run-* directory under `work` whose instance is gone; returns
// the removed paths. A missing `work` has nothing to remove.
std::vector<std::string> RemoveStaleRuns(const std::string& work);

}  // namespace armada::localstack
