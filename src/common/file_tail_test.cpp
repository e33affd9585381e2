#include "common/file_tail.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace armada {
namespace {

class FileTailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/file_tail_test_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  std::string path_;
};

TEST_F(FileTailTest, KeepsTheLastLinesAndTheTrailingNewline) {
  std::string text;
  for (int i = 1; i <= 100; ++i) text += "l" + std::to_string(i) + "\n";
  Write(text);
  const std::string tail = FileTail(path_, 80, 1 << 20);
  EXPECT_EQ(tail.substr(0, 4), "l21\n");
  EXPECT_EQ(tail.substr(tail.size() - 5), "l100\n");
}

TEST_F(FileTailTest, FewerLinesThanAskedIsTheWholeText) {
  Write("a\nb");
  EXPECT_EQ(FileTail(path_, 5, 1024), "a\nb");
  EXPECT_EQ(FileTail(path_, 1, 1024), "b");
}

TEST_F(FileTailTest, TheByteWindowCutsFirst) {
  Write("0123456789\nabc\n");
  EXPECT_EQ(FileTail(path_, 80, 8), "789\nabc\n");
}

TEST_F(FileTailTest, MissingOrEmptyFileIsEmpty) {
  Write("");
  EXPECT_EQ(FileTail(path_, 10, 10), "");
  EXPECT_EQ(FileTail("/nonexistent/log", 10, 10), "");
}

TEST_F(FileTailTest, EndStartsOnAWholeLineWhenItCutsOne) {
  Write("first line\nsecond\nthird\n");
  EXPECT_EQ(FileEnd(path_, 100), "first line\nsecond\nthird\n");
  // The last 16 bytes cut "first line"; the newline after it lies in the first half.
  EXPECT_EQ(FileEnd(path_, 16), "second\nthird\n");
  EXPECT_EQ(FileEnd("/nonexistent/log", 10), "");
}

TEST_F(FileTailTest, HeadIsTheFirstBytes) {
  Write("0123456789");
  EXPECT_EQ(FileHead(path_, 4), "0123");
  EXPECT_EQ(FileHead(path_, 100), "0123456789");
  EXPECT_EQ(FileHead("/nonexistent/log", 10), "");
}

}  // namespace
}  // namespace armada
