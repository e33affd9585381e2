// The files users copy pass the real tools' own validators (scripts/node,
// installed by scripts/setup.sh): GitHub's workflow parser for
// ci/github/e2e.yml and the compose-spec JSON schema for
// e2e-config/kind/compose.yaml; and those validators reject a broken copy,
// naming the line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "deploy/testing/shell_command.h"

namespace armada::deploy {
namespace {

using testing::RunShell;
using testing::ShellQuote;
using testing::ShellResult;
using testing::SourceDir;

using ::testing::HasSubstr;

ShellResult Check(const std::string& kind, const std::string& file) {
  const std::string tooling = SourceDir() + "/scripts/node";
  return RunShell("cd " + ShellQuote(tooling) +
                  " && node --import ./json-modules.mjs check-ci-files.mjs " + kind + " " +
                  ShellQuote(file));
}

// A copy of the source file with `from` replaced by `to`, in a temporary file.
std::string BrokenCopy(const std::string& relative, const std::string& from,
                       const std::string& to) {
  std::ifstream in(SourceDir() + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  const size_t at = content.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) content.replace(at, from.size(), to);
  const std::string path = "/tmp/ci_files_validators_" + std::to_string(getpid()) + "_" +
                           std::filesystem::path(relative).filename().string();
  std::ofstream(path) << content;
  return path;
}

class CiFilesValidatorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(SourceDir() + "/scripts/node/node_modules/.lock-sha256"))
        << "the npm test tooling is not installed: run scripts/setup.sh";
  }
};

TEST_F(CiFilesValidatorsTest, WorkflowPassesGitHubsParser) {
  const ShellResult run = Check("workflow", SourceDir() + "/ci/github/e2e.yml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("valid workflow"));
}

TEST_F(CiFilesValidatorsTest, CallerWorkflowPassesGitHubsParser) {
  const ShellResult run = Check("workflow", SourceDir() + "/ci/github/call-from-armada.yml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("valid workflow"));
}

TEST_F(CiFilesValidatorsTest, GitHubsParserRejectsAMisspelledKeyWithItsLine) {
  const std::string broken = BrokenCopy(
      "ci/github/e2e.yml",
      "    timeout-minutes: 60\n    permissions:", "    timeout-minute: 60\n    permissions:");
  const ShellResult run = Check("workflow", broken);
  std::filesystem::remove(broken);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Unexpected value 'timeout-minute'"));
}

TEST_F(CiFilesValidatorsTest, ComposeFilePassesTheComposeSpecSchema) {
  const ShellResult run = Check("compose", SourceDir() + "/e2e-config/kind/compose.yaml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("valid compose"));
}

TEST_F(CiFilesValidatorsTest, ComposeSpecSchemaRejectsAnUnknownConditionWithItsLine) {
  const std::string broken =
      BrokenCopy("e2e-config/kind/compose.yaml", "{condition: service_completed_successfully}",
                 "{condition: service_completed}");
  const ShellResult run = Check("compose", broken);
  std::filesystem::remove(broken);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, ::testing::ContainsRegex(
                              ":[0-9]+:[0-9]+: /services/[a-z-]+/depends_on/[a-z-]+/condition must "
                              "be equal to one of the allowed values"));
}

}  // namespace
}  // namespace armada::deploy
