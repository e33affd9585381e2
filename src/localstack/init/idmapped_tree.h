// The directory layer (kubelet/dir_layer.h) as one pod's ids see it: a
// detached, read-only copy of the mount at `path` whose owners are shown
// shifted by the id map of the user namespace `userns_fd` (an idmapped
// mount: Linux 5.12, tmpfs from 6.3). No file is copied or changed.
// Header-only: armada-localstack-init makes one per container, and the
// server once to learn whether its kernel can.
//
// Contract: on success a close-on-exec descriptor of the tree, to attach with
// move_mount; on failure -1 with errno set.
#pragma once

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace armada::localstack {

inline int IdMappedTree(const char* path, int userns_fd) {
  const int tree = static_cast<int>(
      ::syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
  if (tree < 0) return -1;
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY;
  attr.userns_fd = static_cast<uint64_t>(userns_fd);
  if (::syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) != 0) {
    const int error = errno;
    ::close(tree);
    errno = error;
    return -1;
  }
  return tree;
}

}  // namespace armada::localstack
