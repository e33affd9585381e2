#include "common/read_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace armada {
namespace {

class ReadFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/read-file-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(ReadFileTest, ReadsTheWholeFileByteForByte) {
  const std::string text("a\0b\nc", 5);
  auto read = ReadFileToString(Write("f", text), 100);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, text);
}

TEST_F(ReadFileTest, AFileOfExactlyMaxBytesIsRead) {
  auto read = ReadFileToString(Write("f", "12345"), 5);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, "12345");
}

TEST_F(ReadFileTest, ALargerFileIsRefusedNamingTheBound) {
  const std::string path = Write("f", "123456");
  auto read = ReadFileToString(path, 5);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), path + ": is larger than 5 bytes");
}

TEST_F(ReadFileTest, AMissingFileNamesThePathAndTheReason) {
  auto read = ReadFileToString(dir_ + "/absent", 5);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), dir_ + "/absent: cannot read: No such file or directory");
}

TEST_F(ReadFileTest, ADirectoryIsAnErrorNotAnEmptyFile) {
  auto read = ReadFileToString(dir_, 5);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), dir_ + ": is a directory, not a file");
}

TEST_F(ReadFileTest, AKernelFileReportingSizeZeroIsReadToItsEndWithinTheBound) {
  auto read = ReadFileToString("/proc/self/status", 1 << 20);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_THAT(*read, ::testing::HasSubstr("Pid:"));
  auto small = ReadFileToString("/proc/self/status", 10);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.status().message(), "/proc/self/status: is larger than 10 bytes");
}

}  // namespace
}  // namespace armada
