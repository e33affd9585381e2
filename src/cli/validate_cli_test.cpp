// `armada-testsuite validate` end to end: the built binary on the shipped test
// cases (all valid) and on a file with a typo (reported with its position).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/testing/spawn_logged.h"

namespace armada::cli {
namespace {

using ::testing::HasSubstr;

struct CliRun {
  int exit_code = -1;
  std::string output;
};

// Runs the binary with args (already shell-quoted), capturing stdout and stderr.
CliRun Validate(const std::string& args) {
  const auto ran = armada::common::testing::RunLogged(
      {"/bin/sh", "-c",
       std::string(ARMADA_TS_BINARY_DIR) + "/bin/armada-testsuite validate " + args});
  return CliRun{ran.exit_code, ran.output};
}

class ValidateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(ARMADA_TS_BINARY_DIR "/bin/armada-testsuite"));
    char tmpl[] = "/tmp/spec_cli_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ValidateCliTest, ShippedTestCasesAreValid) {
  const CliRun run =
      Validate("--tests '" + std::string(ARMADA_TS_SOURCE_DIR) + "/testcases/**/*.yaml'");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("ok   " + std::string(ARMADA_TS_SOURCE_DIR) +
                                    "/testcases/categorization/oom.yaml\n"));
  EXPECT_THAT(run.output, HasSubstr(" valid, 0 invalid\n"));
}

// `test` would reach the server and be refused there ("queue: empty");
// validate refuses it first, naming the file.
TEST_F(ValidateCliTest, JobsWithoutAQueueAreRefused) {
  std::ofstream(dir_ + "/noqueue.yaml") << "jobs: [{namespace: default}]\n";
  const CliRun run = Validate("--tests '" + dir_ + "/noqueue.yaml'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(dir_ + "/noqueue.yaml:1:1: queue: the test submits jobs but "
                                           "names no queue"));
}

TEST_F(ValidateCliTest, TypoFailsWithFileAndLine) {
  std::ofstream(dir_ + "/good.yaml") << "numBatches: 1\nbatchSize: 1\nqueue: q\n"
                                        "jobs: [{namespace: default}]\n";
  std::ofstream(dir_ + "/typo.yaml") << "numBatches: 1\nbatchSize: 1\nqueue: q\n"
                                        "jobs: [{namespace: default}]\n"
                                        "expectedEvents:\n  - failed: {categoriez: [oom]}\n";
  const CliRun run = Validate("--tests '" + dir_ + "/*.yaml'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("ok   " + dir_ + "/good.yaml\n"));
  EXPECT_THAT(run.output, HasSubstr(dir_ + "/typo.yaml:6:14: expectedEvents[0].failed.categoriez: "
                                           "unknown field \"categoriez\""));
  EXPECT_THAT(run.output, HasSubstr("did you mean \"categories\"?"));
  EXPECT_THAT(run.output, HasSubstr("2 test cases: 1 valid, 1 invalid\n"));
}

TEST_F(ValidateCliTest, PatternMatchingNothingExitsTwo) {
  const CliRun run = Validate("--tests '" + dir_ + "/none/*.yaml'");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr(dir_ + "/none/*.yaml"));
}

}  // namespace
}  // namespace armada::cli
