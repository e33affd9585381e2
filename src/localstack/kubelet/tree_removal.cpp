#include "localstack/kubelet/tree_removal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace armada::localstack {
namespace {

// Failures named in full in the message; the rest are counted.
constexpr size_t kNamedFailures = 5;

using Identity = std::pair<dev_t, ino_t>;

Identity IdentityOf(const struct stat& info) { return {info.st_dev, info.st_ino}; }

// A directory entered on the way down: its name in its parent and identity.
struct Level {
  std::string name;
  Identity id;
};

class Walk {
 public:
  explicit Walk(std::string shown) : shown_(std::move(shown)) {}

  void Fail(const std::vector<Level>& path, const std::string& entry, const std::string& why) {
    ++failures_;
    if (named_.size() >= kNamedFailures) return;
    std::string where = shown_;
    for (size_t i = 1; i < path.size(); ++i) where += "/" + path[i].name;
    if (!entry.empty()) where += "/" + entry;
    named_.push_back(where + ": " + why);
  }

  Status Result() const {
    if (failures_ == 0) return Status();
    std::string message = "could not remove ";
    for (size_t i = 0; i < named_.size(); ++i) message += (i == 0 ? "" : "; ") + named_[i];
    if (failures_ > named_.size()) {
      message += " (and " + std::to_string(failures_ - named_.size()) + " more)";
    }
    return Status::Error(message);
  }

 private:
  const std::string shown_;
  size_t failures_ = 0;
  std::vector<std::string> named_;
};

int OpenDirAt(int dir_fd, const char* name) {
  return ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

}  // namespace

Status RemoveTreeAt(int parent_fd, const std::string& name, const std::string& shown) {
  if (::unlinkat(parent_fd, name.c_str(), 0) == 0 || errno == ENOENT) return Status();
  if (errno != EISDIR)
    return Status::Error("could not remove " + shown + ": " + std::strerror(errno));
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) == 0) return Status();
  struct stat parent {
  }, top{};
  if (::fstat(parent_fd, &parent) != 0 ||
      ::fstatat(parent_fd, name.c_str(), &top, AT_SYMLINK_NOFOLLOW) != 0) {
    return Status::Error("could not remove " + shown + ": " + std::strerror(errno));
  }
  if (top.st_dev != parent.st_dev)
    return Status::Error("could not remove " + shown + ": a mount point");
  int cur = OpenDirAt(parent_fd, name.c_str());
  if (cur < 0) return Status::Error("could not remove " + shown + ": " + std::strerror(errno));
  Walk walk(shown);
  const dev_t dev = top.st_dev;
  std::vector<Level> path = {{name, IdentityOf(top)}};
  // What could not be removed, so that no rescan tries it again.
  std::set<Identity> kept;
  while (true) {
    // Remove what cur holds; stop at the first subdirectory to empty first.
    std::optional<Level> down;
    const int scan = ::dup(cur);
    DIR* dir = scan < 0 ? nullptr : ::fdopendir(scan);
    if (dir == nullptr) {
      if (scan >= 0) ::close(scan);
      walk.Fail(path, "", std::string("cannot list: ") + std::strerror(errno));
    } else {
      // The duplicate shares cur's offset, at the end after the last scan.
      ::rewinddir(dir);
      while (const dirent* entry = ::readdir(dir)) {
        const char* e = entry->d_name;
        if (std::strcmp(e, ".") == 0 || std::strcmp(e, "..") == 0) continue;
        if (::unlinkat(cur, e, 0) == 0 || errno == ENOENT) continue;
        const int unlink_error = errno;
        if (unlink_error == EISDIR && ::unlinkat(cur, e, AT_REMOVEDIR) == 0) continue;
        struct stat info {};
        if (::fstatat(cur, e, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
        if (kept.count(IdentityOf(info)) > 0) continue;
        if (!S_ISDIR(info.st_mode)) {
          kept.insert(IdentityOf(info));
          walk.Fail(path, e, std::strerror(unlink_error));
        } else if (info.st_dev != dev) {
          kept.insert(IdentityOf(info));
          walk.Fail(path, e, "a mount point");
        } else {
          down = Level{e, IdentityOf(info)};
          break;
        }
      }
      ::closedir(dir);
    }
    if (down) {
      const int child = OpenDirAt(cur, down->name.c_str());
      struct stat info {};
      if (child < 0 || ::fstat(child, &info) != 0 || IdentityOf(info) != down->id) {
        if (child >= 0) ::close(child);
        kept.insert(down->id);
        walk.Fail(path, down->name, "changed while being removed");
        continue;
      }
      ::close(cur);
      cur = child;
      path.push_back(std::move(*down));
      continue;
    }
    // Nothing more to remove in cur: climb back and remove it.
    if (path.size() == 1) {
      ::close(cur);
      if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOTEMPTY) {
        walk.Fail(path, "", std::strerror(errno));
      }
      break;
    }
    const int up = ::openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat info {};
    if (up < 0 || ::fstat(up, &info) != 0 || IdentityOf(info) != path[path.size() - 2].id) {
      // Moved meanwhile: ".." is no longer the directory it came from.
      if (up >= 0) ::close(up);
      ::close(cur);
      walk.Fail(path, "", "moved while being removed");
      break;
    }
    ::close(cur);
    cur = up;
    const Level done = std::move(path.back());
    path.pop_back();
    if (::unlinkat(cur, done.name.c_str(), AT_REMOVEDIR) != 0) {
      kept.insert(done.id);
      // Not empty: what it still holds has been reported already.
      if (errno != ENOTEMPTY) walk.Fail(path, done.name, std::strerror(errno));
    }
  }
  return walk.Result();
}

Status RemoveTree(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string parent = slash == std::string::npos ? "."
                             : slash == 0               ? "/"
                                                        : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const int parent_fd = ::open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd < 0) {
    if (errno == ENOENT) return Status();
    return Status::Error("could not remove " + path + ": " + std::strerror(errno));
  }
  Status removed = RemoveTreeAt(parent_fd, name, path);
  ::close(parent_fd);
  return removed;
}

}  // namespace armada::localstack
