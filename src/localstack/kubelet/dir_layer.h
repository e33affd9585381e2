// The directory layer: a read-only overlay layer, made once per server run
// and pod id range (pod_id_ranges.h), and laid over the host's root in every
// container of a pod holding that range (container_init.cpp), that holds a
// copy of the host root filesystem's directories, no files, each owned by
// the container's ids that map the host owner's (host uid U < 65536 becomes
// id_base + U, so host root's directories belong to the container's root).
//
// Why: the container's root is an unprivileged host uid, so without this it
// could not create anything under a directory the host's root owns
// (`mkdir -p /usr/share/test` fails), while in a Kubernetes container the
// image's directories are its root's. Files keep their host owners and
// modes: /etc/shadow stays unreadable, and a write copies a file up into the
// container's own layer only. Only directories anyone may enter and list
// (o+rx) are copied, and nothing under them that is not: a container learns
// no name it could not list on the host. Only the top kDirLayerDepth levels
// are copied (/usr/share/doc/bash, nothing below it): a deeper directory
// stays the host's, so the job cannot create anything in it. Not copied: other filesystems,
// directories a container gets its own mount for (/proc, /sys, /dev, /tmp,
// /root, /run), `exclude` (the server's work directory), directories whose
// owner or group is not below 65536. A directory the host makes later is not
// in the layer and stays the host's.
//
// It also holds kBusyboxAppletDir: one symlink per applet of the host's
// busybox (Debian's `busybox` package), for images whose userland is
// busybox's (localstack.yaml's `busyboxUserland`).
//
// Contract: Create mounts a tmpfs at `path` (created), fills it and makes it
// read-only; the destructor detaches it. REQUIRES: root. Copying deleted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "localstack/pod/pod_identity.h"

namespace armada::localstack {

// The directory of the layers in a server run's directory (run_dir.h), which
// detaches them before removing a stale run's.
inline constexpr char kDirLayerName[] = "dirs";

// Where the layer of id range `slot` goes in `state_dir`.
inline std::string DirLayerPath(const std::string& state_dir, uint32_t slot) {
  return state_dir + "/" + kDirLayerName + "/" + std::to_string(slot);
}

// How many levels of directories the layer copies.
inline constexpr int kDirLayerDepth = 4;

class DirLayer {
 public:
  static StatusOr<std::unique_ptr<DirLayer>> Create(const std::string& path, uint32_t id_base,
                                                    const std::string& exclude);
  ~DirLayer();
  DirLayer(const DirLayer&) = delete;
  DirLayer& operator=(const DirLayer&) = delete;

  const std::string& path() const { return path_; }
  // Directories copied.
  size_t directories() const { return directories_; }
  // Whether kBusyboxAppletDir holds the applets (the host has busybox).
  bool has_busybox() const { return has_busybox_; }

 private:
  explicit DirLayer(std::string path) : path_(std::move(path)) {}
  std::string path_;
  size_t directories_ = 0;
  bool has_busybox_ = false;
};

// Detaches a directory layer mounted at `path` by an instance that is gone;
// nothing when there is none.
void DetachDirLayer(const std::string& path);

}  // namespace armada::localstack
