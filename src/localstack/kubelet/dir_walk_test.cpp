// The init's walk (init/dir_walk.h), tested here: the init has no test binary.
#include "localstack/init/dir_walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace armada::localstack::dir_walk {
namespace {

namespace fs = std::filesystem;

TEST(DirWalk, PathsAreCleanedAsText) {
  EXPECT_EQ(CleanComponents("/data/new/../link"), (std::vector<std::string>{"data", "link"}));
  EXPECT_EQ(CleanComponents("/a/./b//c/"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(CleanComponents("/../../etc"), (std::vector<std::string>{"etc"}));
  EXPECT_TRUE(CleanComponents("/").empty());
}

TEST(DirWalk, MissingDirectoriesAreMadeAndTheLastIsReturned) {
  char pattern[] = "/tmp/dir-walk-test-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const int root = ::open(dir.c_str(), O_PATH | O_DIRECTORY);
  const Walked made = MakeDirs(root, "/a/b/c");
  ASSERT_GE(made.fd, 0);
  EXPECT_TRUE(made.created);
  struct stat by_fd {
  }, by_path{};
  ::fstat(made.fd, &by_fd);
  ::stat((dir + "/a/b/c").c_str(), &by_path);
  EXPECT_EQ(by_fd.st_ino, by_path.st_ino);
  ::close(made.fd);
  const Walked again = MakeDirs(root, "/a/b/c");
  EXPECT_FALSE(again.created);
  ::close(again.fd);
  ::close(root);
  fs::remove_all(dir);
}

TEST(DirWalk, ALinkEndsTheWalkAndNothingIsMadeBeyondIt) {
  char pattern[] = "/tmp/dir-walk-test-XXXXXX", other[] = "/tmp/dir-walk-target-XXXXXX";
  const std::string dir = ::mkdtemp(pattern), target = ::mkdtemp(other);
  fs::create_directory_symlink(target, dir + "/link");
  const int root = ::open(dir.c_str(), O_PATH | O_DIRECTORY);
  for (const std::string path : {"/link", "/link/new", "/x/../link/new"}) {
    const Walked walked = MakeDirs(root, path);
    EXPECT_EQ(walked.fd, -1) << path;
    EXPECT_TRUE(walked.error == ELOOP || walked.error == ENOTDIR) << path;
    EXPECT_EQ(walked.failed, "/link") << path;
  }
  EXPECT_TRUE(fs::is_empty(target));
  EXPECT_FALSE(fs::exists(dir + "/x"));
  ::close(root);
  fs::remove_all(dir);
  fs::remove_all(target);
}

}  // namespace
}  // namespace armada::localstack::dir_walk
