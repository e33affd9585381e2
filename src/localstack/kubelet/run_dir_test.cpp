#include "localstack/kubelet/run_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

std::string MakeWork() {
  char pattern[] = "/tmp/run-dir-test-XXXXXX";
  return ::mkdtemp(pattern);
}

TEST(RunDir, RemovedOnExitAndPrivate) {
  const std::string work = MakeWork();
  std::string path;
  {
    auto run = RunDir::Create(work);
    ASSERT_TRUE(run.ok()) << run.status().message();
    path = run->path();
    EXPECT_EQ(path, work + "/run-" + std::to_string(::getpid()));
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    // A live instance is never taken for a stale one.
    EXPECT_TRUE(RemoveStaleRuns(work).empty());
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
  fs::remove_all(work);
}

TEST(RunDir, StaleRunsAreRemovedWhateverTheirPid) {
  const std::string work = MakeWork();
  // What a SIGKILLed instance leaves: a directory with an unheld lock, even
  // when its pid now names a live process (this one's parent).
  const std::string stale = work + "/run-" + std::to_string(::getppid());
  fs::create_directories(stale + "/jobs/x");
  std::ofstream(stale + "/lock").flush();
  const std::string other = work + "/unrelated";
  fs::create_directories(other);
  EXPECT_EQ(RemoveStaleRuns(work), std::vector<std::string>{stale});
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(other));
  fs::remove_all(work);
}

TEST(RunDir, AWorkDirOthersCanWriteIsRefused) {
  const std::string work = MakeWork();
  ::chmod(work.c_str(), 0777);
  auto run = RunDir::Create(work);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("can be written by others"), std::string::npos);
  fs::remove_all(work);
}

}  // namespace
}  // namespace armada::localstack
