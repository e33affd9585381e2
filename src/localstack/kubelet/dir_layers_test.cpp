#include "localstack/kubelet/dir_layers.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "localstack/init/idmapped_tree.h"
#include "localstack/pod/pod_ids.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

class DirLayersTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "directory layers need root";
    char pattern[] = "/tmp/dir-layers-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  static struct stat Stat(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info;
  }

  std::string dir_;
};

TEST_P(DirLayersTest, EachRangeSeesTheHostsDirectoriesOwnedByItsOwnIds) {
  {
    auto layers = DirLayers::Create(dir_, /*idmap=*/GetParam());
    ASSERT_TRUE(layers.ok()) << layers.status().message();
    const struct stat host = Stat("/usr/share");
    for (const uint32_t slot : {0u, 3u}) {
      const DirLayerView view = (*layers)->For(slot);
      ASSERT_FALSE(view.path.empty());
      // What the container's init lays over the host's root.
      std::string layer = view.path;
      if (view.ids_fd >= 0) {
        const int tree = IdMappedTree(view.path.c_str(), view.ids_fd);
        ASSERT_GE(tree, 0) << std::strerror(errno);
        layer = dir_ + "/shown-" + std::to_string(slot);
        ASSERT_EQ(::mkdir(layer.c_str(), 0700), 0);
        ASSERT_EQ(
            ::syscall(SYS_move_mount, tree, "", AT_FDCWD, layer.c_str(), MOVE_MOUNT_F_EMPTY_PATH),
            0)
            << std::strerror(errno);
        ::close(tree);
      }
      const struct stat root = Stat(layer);
      EXPECT_EQ(root.st_uid, IdBaseOf(slot));
      const struct stat share = Stat(layer + "/usr/share");
      EXPECT_TRUE(S_ISDIR(share.st_mode));
      EXPECT_EQ(share.st_uid, IdBaseOf(slot) + host.st_uid);
      EXPECT_EQ(share.st_gid, IdBaseOf(slot) + host.st_gid);
      EXPECT_EQ(share.st_mode & 07777, host.st_mode & 07777);
      // Read-only for everyone, the host's root included.
      EXPECT_NE(::mkdir((layer + "/usr/share/new").c_str(), 0755), 0);
      EXPECT_EQ(errno, EROFS);
      if (view.ids_fd >= 0) ::umount2(layer.c_str(), MNT_DETACH);
    }
    const DirLayerView again = (*layers)->For(3);
    EXPECT_EQ(again.path, (*layers)->For(3).path) << "a range's view is kept";
    EXPECT_EQ(again.ids_fd, (*layers)->For(3).ids_fd);
  }
  // Detached with the layers: nothing is mounted there any more.
  EXPECT_FALSE(fs::exists(DirLayerPath(dir_, 3) + "/usr"));
  EXPECT_FALSE(fs::exists(dir_ + "/" + kDirLayerName + "/unmapped/usr"));
}

INSTANTIATE_TEST_SUITE_P(IdMappedAndCopied, DirLayersTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "IdMapped" : "Copied"; });

TEST(DirLayers, AKernelThatIdmapsATmpfsSharesOneCopy) {
  if (::geteuid() != 0) GTEST_SKIP() << "directory layers need root";
  char pattern[] = "/tmp/dir-layers-test-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  {
    auto layers = DirLayers::Create(dir);
    ASSERT_TRUE(layers.ok()) << layers.status().message();
    // Linux 6.3 idmaps tmpfs mounts (this host's kernel is newer, the VM
    // test's Debian 12 kernel older: there the copies are tested).
    utsname uts{};
    ::uname(&uts);
    int major = 0, minor = 0;
    std::sscanf(uts.release, "%d.%d", &major, &minor);
    if (major > 6 || (major == 6 && minor >= 3)) {
      EXPECT_TRUE((*layers)->idmapped());
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace armada::localstack
