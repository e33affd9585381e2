#include "localstack/kubelet/dir_layer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

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

}  // namespace

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
