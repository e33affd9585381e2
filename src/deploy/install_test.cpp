// `cmake --install` into a temporary DESTDIR gives a runner that works from
// any directory: it finds armada-localstack beside itself, armada-localstack
// finds armada-localstack-init in PREFIX/libexec/armada-testsuite (not on
// PATH), the runner finds its executor config under
// PREFIX/share/armada-testsuite, and it passes the installed categorization
// cases of both generations. Also runs run-local.sh's own
// selection of suites (its --dry-run commands) on armada-localstack, so the
// README's main command stays green.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "deploy/testing/shell_command.h"

namespace armada::deploy {
namespace {

using common::testing::ReadFile;
using testing::BinaryDir;
using testing::RunShell;
using testing::ShellQuote;
using testing::ShellResult;
using testing::SourceDir;

using ::testing::HasSubstr;

std::string TempDir(const char* prefix) {
  std::string tmpl = std::string("/tmp/") + prefix + "_XXXXXX";
  return mkdtemp(tmpl.data()) != nullptr ? tmpl : "";
}

class InstallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ = TempDir("deploy_prefix");
    cwd_ = TempDir("deploy_cwd");
    ASSERT_FALSE(prefix_.empty());
    ASSERT_FALSE(cwd_.empty());
  }
  void TearDown() override {
    std::filesystem::remove_all(prefix_);
    std::filesystem::remove_all(cwd_);
  }

  std::string prefix_, cwd_;
};

TEST_F(InstallTest, InstalledRunnerPassesTheCategorizationCasesFromAnyDirectory) {
  // A DESTDIR staging install, as a package build makes one: every lookup is
  // relative to the installed binaries, so the staged tree runs as it is.
  const ShellResult install = RunShell("DESTDIR=" + ShellQuote(prefix_) + " cmake --install " +
                                       ShellQuote(BinaryDir()) + " --prefix /opt/armada");
  ASSERT_EQ(install.exit_code, 0) << install.output;
  const std::string root = prefix_ + "/opt/armada";
  const std::string share = root + "/share/armada-testsuite";
  for (const std::string& file :
       {root + "/bin/armada-testsuite", root + "/bin/armada-localstack",
        root + "/libexec/armada-testsuite/armada-localstack-init",
        share + "/e2e-config/executor_config.yaml",
        share + "/e2e-config/executor_config.current.yaml", share + "/e2e-config/kind.yaml",
        share + "/testcases/categorization/oom.yaml",
        share + "/testcases/categorization.current/user_error.yaml"}) {
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
  }
  EXPECT_FALSE(std::filesystem::exists(root + "/bin/armada-localstack-init"))
      << "a helper only armada-localstack runs is not on PATH";

  // The seeds' generation, with the executor config the runner finds itself.
  const std::string runner = ShellQuote(root + "/bin/armada-testsuite");
  const ShellResult seeds =
      RunShell("cd " + ShellQuote(cwd_) + " && " + runner + " test --local --tests " +
               ShellQuote(share + "/testcases/categorization/*.yaml") + " --junit seeds-junit.xml");
  EXPECT_EQ(seeds.exit_code, 0) << seeds.output;
  EXPECT_THAT(seeds.output, HasSubstr("starting " + root + "/bin/armada-localstack with " + share +
                                      "/e2e-config/executor_config.yaml"));
  // Ran, not skipped: the OOM case's memory limit needs the isolated
  // container armada-localstack-init starts.
  EXPECT_THAT(ReadFile(cwd_ + "/seeds-junit.xml"), HasSubstr("skipped=\"0\""));

  // The later generation, naming its config under the prefix.
  const ShellResult current = RunShell(
      "cd " + ShellQuote(cwd_) + " && " + runner + " test --local --tests " +
      ShellQuote(share + "/testcases/categorization.current/*.yaml") + " --executor-config " +
      ShellQuote(share + "/e2e-config/executor_config.current.yaml") +
      " --junit current-junit.xml");
  EXPECT_EQ(current.exit_code, 0) << current.output;
}

TEST(RunLocalTest, ItsSelectionPassesOnArmadaLocalstack) {
  const std::string root = ShellQuote(SourceDir());
  const ShellResult dry = RunShell("BUILD_DIR=" + ShellQuote(BinaryDir()) + " bash " + root +
                                   "/scripts/run-local.sh --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  std::istringstream lines(dry.output);
  int runs = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("+ ", 0) != 0) continue;
    // The printed commands are shell words, run from the root as run-local.sh does.
    const ShellResult run = RunShell("cd " + root + " && " + line.substr(2));
    EXPECT_EQ(run.exit_code, 0) << line << "\n" << run.output;
    if (line.find(" test --tests ") != std::string::npos) ++runs;
  }
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace armada::deploy
