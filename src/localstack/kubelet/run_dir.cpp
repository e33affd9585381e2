#include "localstack/kubelet/run_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "localstack/kubelet/dir_layer.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

// remove_all must not walk into a mount, whose mount point it cannot remove.
void DetachRunMounts(const std::string& run) {
  DetachDirLayer(run + "/" + kDirLayerName);
  DetachDirLayer(run + "/" + kMountPointsName);
}

Status PrepareWork(const std::string& work) {
  if (::mkdir(work.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Error("cannot create " + work + ": " + std::strerror(errno));
  }
  struct stat info {};
  if (::lstat(work.c_str(), &info) != 0) {
    return Status::Error("cannot stat " + work + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(info.st_mode)) return Status::Error(work + " is not a directory");
  if (info.st_uid != ::geteuid()) {
    return Status::Error(work + " belongs to uid " + std::to_string(info.st_uid) +
                         ", not to this user; choose another --work-dir");
  }
  if ((info.st_mode & 022) != 0) {
    return Status::Error(work + " can be written by others; chmod 700 it");
  }
  return Status();
}

}  // namespace

StatusOr<RunDir> RunDir::Create(const std::string& work) {
  if (Status s = PrepareWork(work); !s.ok()) return s;
  const std::string path = work + "/run-" + std::to_string(::getpid());
  std::error_code ec;
  DetachRunMounts(path);
  fs::remove_all(path, ec);  // a dead instance that had this pid
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
  std::error_code ec;
  DetachRunMounts(path_);
  fs::remove_all(path_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string DefaultWorkDir() { return "/tmp/armada-localstack-" + std::to_string(::geteuid()); }

std::vector<std::string> RemoveStaleRuns(const std::string& work) {
  std::vector<std::string> removed;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(work, ec)) {
    const std::string name = entry.path().filename();
    if (name.rfind("run-", 0) != 0 || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    const std::string lock = entry.path().string() + "/lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    // No lock file: a directory caught between mkdir and open, or not ours.
    if (fd < 0) continue;
    const bool stale = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (stale) {
      DetachRunMounts(entry.path().string());
      fs::remove_all(entry.path(), ec);
      removed.push_back(entry.path().string());
    }
    ::close(fd);
  }
  return removed;
}

}  // namespace armada::localstack
