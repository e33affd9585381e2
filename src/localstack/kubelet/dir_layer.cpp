#include "localstack/kubelet/dir_layer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace armada::localstack {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;

constexpr uint32_t kMappedIds = 65536;
// How deep the copy goes (/usr/share/doc is 3): reading every directory of a
// host's /usr takes seconds, these levels milliseconds.
constexpr int kMaxDepth = kDirLayerDepth;

struct Copier {
  dev_t root_dev;
  uint32_t id_base;
  std::set<std::string> skipped;
  std::string dest;
  size_t copied = 0;

  // Copies the directories below `dir` (open, at host path `path`, "" for /,
  // `depth` levels below /).
  void Walk(int dir, const std::string& path, int depth) {
    DIR* stream = ::fdopendir(dir);
    if (stream == nullptr) {
      ::close(dir);
      return;
    }
    while (const dirent* entry = ::readdir(stream)) {
      const std::string name = entry->d_name;
      if (name == "." || name == ".." || (entry->d_type != DT_DIR && entry->d_type != DT_UNKNOWN)) {
        continue;
      }
      const std::string child = path + "/" + name;
      if (skipped.count(child) != 0) continue;
      struct stat info {};
      if (::fstatat(::dirfd(stream), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISDIR(info.st_mode) || info.st_dev != root_dev ||
          (info.st_mode & (S_IROTH | S_IXOTH)) != (S_IROTH | S_IXOTH) ||
          info.st_uid >= kMappedIds || info.st_gid >= kMappedIds) {
        continue;
      }
      const std::string copy = dest + child;
      if (::mkdir(copy.c_str(), 0700) != 0 ||
          ::chown(copy.c_str(), id_base + info.st_uid, id_base + info.st_gid) != 0 ||
          ::chmod(copy.c_str(), info.st_mode & 07777) != 0) {
        continue;
      }
      ++copied;
      const int sub =
          ::openat(::dirfd(stream), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0 && depth + 1 < kMaxDepth) {
        Walk(sub, child, depth + 1);
      } else if (sub >= 0) {
        ::close(sub);
      }
    }
    ::closedir(stream);
  }
};

// The host's busybox, or "".
std::string Busybox() {
  for (const char* candidate : {"/usr/bin/busybox", "/bin/busybox"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  return "";
}

// mkdir -p under the layer, each new directory the container root's.
bool MakeLayerDirs(const std::string& dest, const std::string& path, uint32_t id_base) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string dir = dest + path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0755) == 0) {
      if (::chown(dir.c_str(), id_base, id_base) != 0) return false;
    } else if (errno != EEXIST) {
      return false;
    }
    if (slash == std::string::npos) return true;
  }
}

// One symlink per applet in kBusyboxAppletDir; false when busybox will not
// list them.
bool LinkApplets(const std::string& dest, const std::string& busybox, uint32_t id_base) {
  std::vector<std::string> applets;
  try {
    bp::ipstream out;
    bp::child list(busybox, "--list", bp::std_in<bp::null, bp::std_out> out, bp::std_err > bp::null,
                   bp::env = bp::environment());
    for (std::string line; std::getline(out, line);) {
      if (!line.empty() && line.find('/') == std::string::npos) applets.push_back(line);
    }
    list.wait();
    if (list.exit_code() != 0) return false;
  } catch (const std::exception&) {
    return false;
  }
  if (applets.empty() || !MakeLayerDirs(dest, kBusyboxAppletDir, id_base)) return false;
  for (const std::string& applet : applets) {
    const std::string link = dest + kBusyboxAppletDir + "/" + applet;
    if (::symlink(busybox.c_str(), link.c_str()) != 0) return false;
  }
  return true;
}

// A process that only waits to be killed, in a user namespace of its own.
int Idle(void*) {
  while (true) ::pause();
}

// A user namespace mapping ids 0..kMappedIds-1 to id_base.., as an open
// descriptor; -1 with errno set on failure. It needs a process in it only
// while its maps are written: one sharing this process's memory (not a
// fork's copy of a large server's page tables) that makes no call but pause.
int OpenUserNamespace(uint32_t id_base) {
  constexpr size_t kStackBytes = 64 * 1024;
  std::vector<char> stack(kStackBytes);
  const pid_t pid =
      ::clone(Idle, stack.data() + stack.size(), CLONE_NEWUSER | CLONE_VM | SIGCHLD, nullptr);
  if (pid < 0) return -1;
  const std::string proc = "/proc/" + std::to_string(pid);
  const std::string map = "0 " + std::to_string(id_base) + " " + std::to_string(kMappedIds);
  const auto write_map = [&](const char* file) {
    const int fd = ::open((proc + "/" + file).c_str(), O_WRONLY | O_CLOEXEC);
    const bool written =
        fd >= 0 && ::write(fd, map.data(), map.size()) == static_cast<ssize_t>(map.size());
    if (fd >= 0) ::close(fd);
    return written;
  };
  int ns = -1;
  if (write_map("uid_map") && write_map("gid_map")) {
    ns = ::open((proc + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC);
  }
  const int error = errno;
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  errno = error;
  return ns;
}

}  // namespace

StatusOr<std::unique_ptr<DirLayer>> DirLayer::IdMapped(const DirLayer& unmapped,
                                                       const std::string& path, uint32_t id_base) {
  const auto failed = [&](const std::string& step) {
    return Status::Error("cannot show the directory layer at " + path + " with ids from " +
                         std::to_string(id_base) + " (" + step + "): " + std::strerror(errno));
  };
  const int ns = OpenUserNamespace(id_base);
  if (ns < 0) return failed("its user namespace");
  const int tree = static_cast<int>(::syscall(SYS_open_tree, AT_FDCWD, unmapped.path().c_str(),
                                              OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
  if (tree < 0) {
    ::close(ns);
    return failed("open_tree");
  }
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY;
  attr.userns_fd = static_cast<uint64_t>(ns);
  const bool mapped =
      ::syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) == 0;
  const int error = errno;
  ::close(ns);
  if (!mapped) {
    ::close(tree);
    errno = error;
    return failed("an idmapped mount");
  }
  std::error_code ec;
  fs::create_directories(path, ec);
  const bool attached = !ec && ::syscall(SYS_move_mount, tree, "", AT_FDCWD, path.c_str(),
                                         MOVE_MOUNT_F_EMPTY_PATH) == 0;
  if (ec) errno = ec.value();
  const int attach_error = errno;
  ::close(tree);
  errno = attach_error;
  if (!attached) return failed("attaching it");
  std::unique_ptr<DirLayer> layer(new DirLayer(path));
  layer->directories_ = unmapped.directories_;
  layer->has_busybox_ = unmapped.has_busybox_;
  return layer;
}

StatusOr<std::unique_ptr<DirLayer>> DirLayer::Create(const std::string& path, uint32_t id_base,
                                                     const std::string& exclude) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::Error("cannot create " + path + ": " + ec.message());
  const std::string options =
      "mode=755,uid=" + std::to_string(id_base) + ",gid=" + std::to_string(id_base);
  if (::mount("armada-dirs", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    return Status::Error("cannot mount the directory layer at " + path + ": " +
                         std::strerror(errno));
  }
  std::unique_ptr<DirLayer> layer(new DirLayer(path));
  struct stat root {};
  const int root_fd = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0 || ::fstat(root_fd, &root) != 0) {
    if (root_fd >= 0) ::close(root_fd);
    return Status::Error(std::string("cannot open /: ") + std::strerror(errno));
  }
  Copier copier{root.st_dev,
                id_base,
                {"/proc", "/sys", "/dev", "/tmp", "/root", "/run", fs::weakly_canonical(exclude)},
                path};
  copier.Walk(root_fd, "", 0);
  layer->directories_ = copier.copied;
  const std::string busybox = Busybox();
  layer->has_busybox_ = !busybox.empty() && LinkApplets(path, busybox, id_base);
  if (::mount(nullptr, path.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
              options.c_str()) != 0) {
    return Status::Error("cannot make the directory layer read-only: " +
                         std::string(std::strerror(errno)));
  }
  return layer;
}

DirLayer::~DirLayer() { DetachDirLayer(path_); }

void DetachDirLayer(const std::string& path) {
  // EINVAL (not a mount point) and ENOENT mean there is nothing to detach.
  ::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
}

}  // namespace armada::localstack
