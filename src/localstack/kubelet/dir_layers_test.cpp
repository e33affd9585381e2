#include "localstack/kubelet/dir_layers.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

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
      const std::string layer = (*layers)->For(slot);
      ASSERT_EQ(layer, DirLayerPath(dir_, slot));
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
    }
    EXPECT_EQ((*layers)->For(3), DirLayerPath(dir_, 3)) << "a range's layer is kept";
  }
  // Detached with the layers: nothing is mounted there any more.
  EXPECT_FALSE(fs::exists(DirLayerPath(dir_, 3) + "/usr"));
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
