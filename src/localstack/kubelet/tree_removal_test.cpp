#include "localstack/kubelet/tree_removal.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// In `base`; a tmpfs (/dev/shm) makes deep trees cheap where ext4 is slow to
// remove them.
std::string MakeTemp(const std::string& base = "/tmp") {
  std::string pattern = (fs::is_directory(base) ? base : "/tmp") + "/tree-removal-test-XXXXXX";
  return ::mkdtemp(pattern.data());
}

// `levels` nested directories "d" under `dir`, a file at the bottom.
void MakeDeepTree(const std::string& dir, int levels) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  for (int i = 0; i < levels && fd >= 0; ++i) {
    ::mkdirat(fd, "d", 0755);
    const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY);
    ::close(fd);
    fd = next;
  }
  ASSERT_GE(fd, 0);
  ::close(::openat(fd, "f", O_CREAT | O_WRONLY, 0644));
  ::close(fd);
}

TEST(TreeRemoval, ATreeDeeperThanTheDescriptorLimitIsRemoved) {
  const std::string dir = MakeTemp("/dev/shm");
  MakeDeepTree(dir + "/", 300);
  rlimit saved{};
  ::getrlimit(RLIMIT_NOFILE, &saved);
  const rlimit low{64, saved.rlim_max};
  ::setrlimit(RLIMIT_NOFILE, &low);
  const Status removed = RemoveTree(dir);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_TRUE(removed.ok()) << removed.message();
  EXPECT_FALSE(fs::exists(dir));
}

TEST(TreeRemoval, ALinkIsRemovedNotFollowed) {
  const std::string dir = MakeTemp(), outside = MakeTemp();
  std::ofstream(outside + "/keep") << "x";
  fs::create_directories(dir + "/a");
  fs::create_directory_symlink(outside, dir + "/a/link");
  EXPECT_TRUE(RemoveTree(dir).ok());
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(fs::exists(outside + "/keep"));
  fs::remove_all(outside);
}

TEST(TreeRemoval, AMissingTreeIsNothingToRemove) {
  EXPECT_TRUE(RemoveTree("/tmp/tree-removal-test-never-made/x").ok());
}

TEST(TreeRemoval, AMountInsideIsNamedAndTheRestRemoved) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  const std::string dir = MakeTemp();
  fs::create_directories(dir + "/a/mounted");
  fs::create_directories(dir + "/b/c");
  ASSERT_EQ(::mount("t", (dir + "/a/mounted").c_str(), "tmpfs", 0, nullptr), 0);
  std::ofstream(dir + "/a/mounted/inside") << "x";
  const Status removed = RemoveTree(dir);
  EXPECT_EQ(removed.message(), "could not remove " + dir + "/a/mounted: a mount point");
  EXPECT_TRUE(fs::exists(dir + "/a/mounted/inside"));
  EXPECT_FALSE(fs::exists(dir + "/b"));
  ::umount2((dir + "/a/mounted").c_str(), MNT_DETACH);
  EXPECT_TRUE(RemoveTree(dir).ok());
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace armada::localstack
