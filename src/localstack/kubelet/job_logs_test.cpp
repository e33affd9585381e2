#include "localstack/kubelet/job_logs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "localstack/testing/job_dir_test.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

using JobLogsTest = testing::JobDirTest;

TEST_F(JobLogsTest, KeepsNonEmptyLogsAndReadsTheirTail) {
  WriteLog("main.log", "one\ntwo\nthree\n");
  WriteLog("side.log", "");
  WriteLog("main.termination-log", "not a log");
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01abc", (root_ / "job").string()).ok());
  fs::remove_all(root_ / "job");  // what the executor does next
  EXPECT_EQ(logs.Read("01abc", "main", -1, 0).value(), "one\ntwo\nthree\n");
  EXPECT_EQ(logs.Read("01abc", "", 2, 0).value(), "two\nthree\n");  // the only container
  EXPECT_EQ(logs.Read("01abc", "main", 0, 0).value(), "");
  EXPECT_EQ(logs.Read("01abc", "main", 10, 0).value(), "one\ntwo\nthree\n");
  EXPECT_EQ(logs.Read("01abc", "main", -1, 4).value(), "ree\n");
  EXPECT_FALSE(logs.Read("01abc", "side", -1, 0).ok());  // empty: not kept
  EXPECT_FALSE(fs::exists(root_ / "kept" / "01abc" / "main.termination-log"));
  const auto missing = logs.Read("nojob", "main", -1, 0);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nojob"), std::string::npos);
}

TEST_F(JobLogsTest, KeepsAtMostTheBoundFromALineStart) {
  std::string big;
  while (big.size() < 3 * static_cast<size_t>(kMaxKeptBytes)) big += "line of text\n";
  big += "last\n";
  WriteLog("main.log", big);
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01big", (root_ / "job").string()).ok());
  const auto size = fs::file_size(root_ / "kept" / "01big" / "main.log");
  EXPECT_LE(size, static_cast<uintmax_t>(kMaxKeptBytes));
  EXPECT_GT(size, static_cast<uintmax_t>(kMaxKeptBytes) - 20);
  EXPECT_EQ(logs.Read("01big", "main", 2, 0).value(), "line of text\nlast\n");
  EXPECT_EQ(logs.Read("01big", "main", -1, 0).value().rfind("line of text\n", 0), 0u);
}

TEST_F(JobLogsTest, NamesThatCouldLeaveTheDirectoryAreRefused) {
  WriteLog("main.log", "secret\n");
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01abc", (root_ / "job").string()).ok());
  EXPECT_FALSE(logs.Read("../kept/01abc", "main", -1, 0).ok());
  EXPECT_FALSE(logs.Read("01abc", "../01abc/main", -1, 0).ok());
  EXPECT_FALSE(logs.Read("..", "main", -1, 0).ok());
  EXPECT_FALSE(logs.Keep("../x", (root_ / "job").string()).ok());
}

TEST_F(JobLogsTest, SeveralContainersNeedOneNamed) {
  WriteLog("a.log", "A\n");
  WriteLog("b.log", "B\n");
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01two", (root_ / "job").string()).ok());
  const auto either = logs.Read("01two", "", -1, 0);
  ASSERT_FALSE(either.ok());
  EXPECT_NE(either.status().message().find("a, b"), std::string::npos);
  EXPECT_EQ(logs.Read("01two", "b", -1, 0).value(), "B\n");
}

}  // namespace
}  // namespace armada::localstack
