#include "localstack/kubelet/run_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "localstack/kubelet/dir_layer.h"
#include "localstack/kubelet/tree_removal.h"

namespace armada::localstack {
namespace {

// The removal does not walk into a mount, whose mount point it cannot remove.
void DetachRunMounts(const std::string& run) {
  const std::string layers = run + "/" + kDirLayerName;
  if (DIR* dir = ::opendir(layers.c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") DetachDirLayer(layers + "/" + name);
    }
    ::closedir(dir);
  }
  DetachDirLayer(layers);
  DetachDirLayer(run + "/" + kMountPointsName);
}

// WORK opened, once it is known to be this user's alone: a descriptor, or -1
// with errno ENOENT when it does not exist.
StatusOr<int> OpenWork(const std::string& work) {
  const int fd = ::open(work.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return -1;
  if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
    return Status::Error(work + " is not a directory (a symbolic link or a file)");
  }
  if (fd < 0) return Status::Error("cannot open " + work + ": " + std::strerror(errno));
  struct stat info {};
  ::fstat(fd, &info);
  std::string problem;
  if (info.st_uid != ::geteuid()) {
    problem = work + " belongs to uid " + std::to_string(info.st_uid) +
              ", not to this user; choose another --work-dir";
  } else if ((info.st_mode & 022) != 0) {
    problem = work + " can be written by others; chmod 700 it or choose another --work-dir";
  }
  if (problem.empty()) return fd;
  ::close(fd);
  return Status::Error(problem);
}

// The names in the directory `dir_fd`, "." and ".." left out.
std::vector<std::string> Entries(int dir_fd) {
  std::vector<std::string> names;
  const int scan = ::dup(dir_fd);
  DIR* dir = scan < 0 ? nullptr : ::fdopendir(scan);
  if (dir == nullptr) {
    if (scan >= 0) ::close(scan);
    return names;
  }
  ::rewinddir(dir);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  return names;
}

Status PrepareWork(const std::string& work) {
  if (::mkdir(work.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Error("cannot create " + work + ": " + std::strerror(errno));
  }
  auto fd = OpenWork(work);
  if (!fd.ok()) return fd.status();
  if (*fd < 0) return Status::Error("cannot open " + work + ": " + std::strerror(ENOENT));
  ::close(*fd);
  return Status();
}

}  // namespace

StatusOr<RunDir> RunDir::Create(const std::string& work) {
  if (Status s = PrepareWork(work); !s.ok()) return s;
  const std::string path = work + "/run-" + std::to_string(::getpid());
  DetachRunMounts(path);
  // A dead instance that had this pid.
  if (Status removed = RemoveTree(path); !removed.ok()) return removed;
  if (::mkdir(path.c_str(), 0700) != 0) {
    return Status::Error("cannot create " + path + ": " + std::strerror(errno));
  }
  const int fd = ::open((path + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (fd >= 0) ::close(fd);
    return Status::Error("cannot lock " + path + "/lock: " + std::strerror(errno));
  }
  return RunDir(path, fd);
}

RunDir::RunDir(RunDir&& other) noexcept
    : path_(std::move(other.path_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {
  other.path_.clear();
}

RunDir::~RunDir() {
  if (path_.empty()) return;
  DetachRunMounts(path_);
  if (Status removed = RemoveTree(path_); !removed.ok()) {
    // Left for the next start or --cleanup, which say so too.
    spdlog::warn("{}", removed.message());
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string DefaultWorkDir() { return "/tmp/armada-localstack-" + std::to_string(::geteuid()); }

StatusOr<StaleRuns> RemoveStaleRuns(const std::string& work) {
  auto opened = OpenWork(work);
  if (!opened.ok()) return opened.status();
  StaleRuns runs;
  const int work_fd = *opened;
  if (work_fd < 0) return runs;
  for (const std::string& name : Entries(work_fd)) {
    if (name.rfind("run-", 0) != 0) continue;
    const std::string path = work + "/" + name;
    const int run_fd =
        ::openat(work_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (run_fd < 0) continue;  // not a directory
    const int fd = ::openat(run_fd, "lock", O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    // No lock file: a directory caught between mkdir and open, or not ours.
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      DetachRunMounts(path);
      // The lock goes last: a directory not wholly removed stays stale for
      // the next attempt.
      bool emptied = true;
      for (const std::string& entry : Entries(run_fd)) {
        if (entry == "lock") continue;
        if (Status removed = RemoveTreeAt(run_fd, entry, path + "/" + entry); !removed.ok()) {
          runs.problems.push_back(removed.message());
          emptied = false;
        }
      }
      if (emptied) {
        if (Status removed = RemoveTreeAt(work_fd, name, path); removed.ok()) {
          runs.removed.push_back(path);
        } else {
          runs.problems.push_back(removed.message());
        }
      }
    }
    if (fd >= 0) ::close(fd);
    ::close(run_fd);
  }
  ::close(work_fd);
  return runs;
}

}  // namespace armada::localstack
