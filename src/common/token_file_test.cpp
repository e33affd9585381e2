#include "common/token_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace armada {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(TokenFile, ReadsOnePrivateLine) {
  char pattern[] = "/tmp/token-file-test-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const std::string file = dir + "/token";
  std::ofstream(file) << "  abc123\n";
  ::chmod(file.c_str(), 0600);
  EXPECT_EQ(*ReadTokenFile(file), "abc123");

  ::chmod(file.c_str(), 0640);
  auto readable = ReadTokenFile(file);
  EXPECT_THAT(readable.status().message(), HasSubstr("can be read by others (mode 640)"));
  EXPECT_THAT(readable.status().message(), ::testing::Not(HasSubstr("abc123")));
  ::chmod(file.c_str(), 0600);

  std::ofstream(file) << "two\nlines\n";
  EXPECT_THAT(ReadTokenFile(file).status().message(), HasSubstr("one token on one line"));
  std::ofstream(file) << "\n";
  EXPECT_THAT(ReadTokenFile(file).status().message(), HasSubstr("holds no token"));
  fs::create_symlink(file, dir + "/link");
  EXPECT_FALSE(ReadTokenFile(dir + "/link").ok());
  EXPECT_THAT(ReadTokenFile(dir + "/missing").status().message(),
              HasSubstr("cannot read " + dir + "/missing"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace armada
