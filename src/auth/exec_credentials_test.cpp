#include "auth/exec_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace armada::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kTestdata = std::string(ARMADA_TS_SOURCE_DIR) + "/src/auth/testdata/";

std::string TempFile(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid())))
      .string();
}

int Lines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

TEST(ExecCredentialsTest, RunsTheCommandWithItsEnvOnEveryCallAndSendsTrimmedStdout) {
  const std::string runs = TempFile("exec-runs");
  std::filesystem::remove(runs);
  ExecAuth settings;
  settings.cmd = kTestdata + "exec-token.sh";
  settings.args = {"MY_TOKEN"};
  settings.env = {{"MY_TOKEN", "tok-from-env"}, {"EXEC_RUNS_FILE", runs}};
  auto credentials = ExecCredentials(settings);
  for (int i = 0; i < 3; ++i) {
    auto header = credentials->Authorization();
    ASSERT_TRUE(header.ok()) << header.status().message();
    EXPECT_EQ(*header, "Bearer tok-from-env");
  }
  EXPECT_EQ(Lines(runs), 3);
  EXPECT_EQ(credentials->Mode(), "execAuth");
  std::filesystem::remove(runs);
}

TEST(ExecCredentialsTest, AFailingCommandIsAnErrorWithoutItsOutput) {
  setenv("EXEC_SECRET", "s3cr3t-printed-by-helper", 1);
  ExecAuth settings;
  settings.cmd = kTestdata + "exec-fail.sh";
  auto header = ExecCredentials(settings)->Authorization();
  unsetenv("EXEC_SECRET");
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.status().message(), HasSubstr("exec-fail.sh: exited 3"));
  EXPECT_THAT(header.status().message(), Not(HasSubstr("s3cr3t")));
}

TEST(ExecCredentialsTest, EmptyOutputAndAMissingCommandAreErrors) {
  ExecAuth empty;
  empty.cmd = "true";
  auto none = ExecCredentials(empty)->Authorization();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "execAuth: true printed no token");

  ExecAuth missing;
  missing.cmd = "no-such-armada-auth-helper";
  auto absent = ExecCredentials(missing)->Authorization();
  ASSERT_FALSE(absent.ok());
  EXPECT_THAT(absent.status().message(), HasSubstr("no-such-armada-auth-helper: cannot start"));
}

}  // namespace
}  // namespace armada::auth
