// The kind-stack scripts and run-local.sh, checked without a container
// engine: every script is shellcheck-clean, and each --dry-run prints the
// commands of the selected Armada generation in the order they would run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "deploy/testing/shell_command.h"

namespace armada::deploy {
namespace {

using testing::RunShell;
using testing::ShellQuote;
using testing::ShellResult;
using testing::SourceDir;

using ::testing::HasSubstr;
using ::testing::Not;

// Runs scripts/NAME with the given environment assignments and arguments,
// from a directory other than the repository root (the scripts must not
// depend on the caller's working directory).
ShellResult Script(const std::string& name, const std::string& env, const std::string& args) {
  return RunShell("cd / && env " + env + " bash " + ShellQuote(SourceDir() + "/scripts/" + name) +
                  " " + args);
}

// Asserts the needles appear in text in this order; returns false otherwise.
::testing::AssertionResult InOrder(const std::string& text,
                                   const std::vector<std::string>& needles) {
  size_t from = 0;
  for (const std::string& needle : needles) {
    const size_t at = text.find(needle, from);
    if (at == std::string::npos) {
      return ::testing::AssertionFailure() << "\"" << needle << "\" missing or out of order in:\n"
                                           << text;
    }
    from = at + needle.size();
  }
  return ::testing::AssertionSuccess();
}

class ScriptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/deploy_scripts_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    state_ = tmpl;
    env_ = "E2E_STATE_DIR=" + ShellQuote(state_);
  }
  void TearDown() override { std::filesystem::remove_all(state_); }

  std::string state_;
  std::string env_;
};

TEST_F(ScriptsTest, EveryScriptIsShellcheckClean) {
  const ShellResult which = RunShell("command -v shellcheck");
  ASSERT_EQ(which.exit_code, 0) << "shellcheck is not installed (scripts/setup.sh installs it)";
  std::vector<std::string> scripts;
  for (const char* folder : {"scripts", "bench"}) {
    for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/" + folder)) {
      if (entry.path().extension() == ".sh") {
        scripts.push_back(std::string(folder) + "/" + entry.path().filename().string());
      }
    }
  }
  ASSERT_GE(scripts.size(), 12u);
  std::string names;
  for (const std::string& script : scripts) names += " " + script;
  const ShellResult run =
      RunShell("cd " + ShellQuote(SourceDir()) + " && shellcheck -x" + names + " .ci/run");
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

TEST_F(ScriptsTest, KindUpDryRunForTheSeedsGeneration) {
  const ShellResult run = Script("kind-up.sh", env_ + " ARMADA_VERSION=v0.20.40", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(InOrder(
      run.output,
      {"executor config e2e-config/executor_config.yaml: errorCategories (list): oom user_error",
       "+ kind create cluster --name armada-test --config e2e-config/kind.yaml",
       "+ kubectl --kubeconfig " + state_ +
           "/kubeconfig apply -f e2e-config/kind/cluster-setup.yaml",
       "-l armadaproject.io/node-pool=node-ops", "+ kind load docker-image alpine:3.20.0",
       "ARMADA_IMAGE_TAG=0.20.40",
       "ARMADA_EXECUTOR_CONFIG=" + SourceDir() + "/e2e-config/executor_config.yaml",
       "docker compose -p armada-e2e -f e2e-config/kind/compose.yaml pull",
       "docker compose -p armada-e2e -f e2e-config/kind/compose.yaml up -d"}));
  EXPECT_THAT(run.output, Not(HasSubstr("executor_config.current.yaml")));
  // Nothing was run: the state directory is still empty.
  EXPECT_TRUE(std::filesystem::is_empty(state_));
}

TEST_F(ScriptsTest, KindUpDryRunForTheCurrentGeneration) {
  const ShellResult run = Script("kind-up.sh", env_ + " ARMADA_VERSION=v0.22.7", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(
      InOrder(run.output,
              {"executor config e2e-config/executor_config.current.yaml: errorCategories "
               "(map {enabled, defaultCategory, categories}): oom user_error",
               "--config e2e-config/kind.yaml", "armadaproject.io/node-pool=node-ops",
               "ARMADA_IMAGE_TAG=0.22.7",
               "ARMADA_EXECUTOR_CONFIG=" + SourceDir() + "/e2e-config/executor_config.current.yaml",
               "up -d"}));
}

TEST_F(ScriptsTest, KindUpWithALocalTagPullsOnlyTheThirdPartyServices) {
  const ShellResult run =
      Script("kind-up.sh", env_ + " ARMADA_VERSION=v0.22.7 ARMADA_IMAGE_TAG=latest", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("# Armada latest built locally, tested as the current "
                                    "generation (v0.22.7)"));
  EXPECT_TRUE(InOrder(
      run.output,
      {"+ docker pull alpine:3.20.0", "+ kind load docker-image alpine:3.20.0",
       "compose.yaml pull --quiet redis postgres pulsar", "compose.yaml up -d --pull never"}));
}

TEST_F(ScriptsTest, E2EKindRunsTheCallersPatternsOneSuiteEach) {
  const ShellResult run = RunShell("cd /tmp && env " + env_ + " bash " +
                                   ShellQuote(SourceDir() + "/scripts/e2e-kind.sh") +
                                   " --dry-run --tests 'mine/smoke/*.yaml,/abs/x.yaml' "
                                   "--tests=/other/smoke/y.yaml");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(InOrder(
      run.output,
      {"test --tests '/tmp/mine/smoke/*.yaml,/abs/x.yaml' --junit " + state_ + "/junit-smoke.xml",
       "test --tests /other/smoke/y.yaml --junit " + state_ + "/junit-smoke-2.xml"}));
  EXPECT_THAT(run.output, Not(HasSubstr("testcases/basic")));
  const ShellResult up = Script("kind-up.sh", env_, "--dry-run --tests x");
  EXPECT_EQ(up.exit_code, 2);
  EXPECT_THAT(up.output, HasSubstr("unknown argument '--tests'"));
}

TEST_F(ScriptsTest, KindUpWritesAConfigForAnotherIngressPort) {
  const ShellResult run = Script("kind-up.sh", env_ + " INGRESS_PORT=6001", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(InOrder(
      run.output,
      {"+ sed 's/hostPort: 5001$/hostPort: 6001/' e2e-config/kind.yaml > " + state_ + "/kind.yaml",
       "--config " + state_ + "/kind.yaml"}));
}

// The suites, with their patterns and JUnit files, in the order Armada's CI
// runs them.
std::vector<std::string> SuiteCommands(
    const std::string& junit_dir, const std::vector<std::pair<std::string, std::string>>& suites) {
  std::vector<std::string> lines;
  for (const auto& [name, folder] : suites) {
    lines.push_back("test --tests 'testcases/" + folder + "/*.yaml' --junit " + junit_dir +
                    "/junit-" + name + ".xml --config e2e-config/armadactl_config.yaml");
  }
  return lines;
}

TEST_F(ScriptsTest, E2EKindDryRunRunsTheSeedsSuites) {
  const ShellResult run = Script("e2e-kind.sh", env_ + " ARMADA_VERSION=v0.20.40", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> expected = {"+ curl -fsS http://localhost:8080/health",
                                       "logs scheduler); grep -Eq 'Retrieved [1-9]", "/v1/queue",
                                       "\"name\": \"e2e-test-queue\""};
  for (const std::string& line :
       SuiteCommands(state_, {{"basic", "basic"}, {"categorization", "categorization"}})) {
    expected.push_back(line);
  }
  EXPECT_TRUE(InOrder(run.output, expected));
  EXPECT_THAT(run.output, Not(HasSubstr("categorization.current")));
  EXPECT_THAT(run.output, Not(HasSubstr("preemption")));
}

TEST_F(ScriptsTest, E2EKindDryRunRunsEveryCurrentSuite) {
  const ShellResult run =
      Script("e2e-kind.sh",
             env_ + " ARMADA_VERSION=v0.22.7 JUNIT_DIR=/tmp/j ARMADA_GRPC_PORT=50099", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> expected = {"/health", "Retrieved", "/v1/queue"};
  for (const std::string& line :
       SuiteCommands("/tmp/j", {{"basic", "basic"},
                                {"categorization", "categorization.current"},
                                {"preemption", "preemption"},
                                {"reprioritization", "reprioritization"},
                                {"queue", "queue"},
                                {"node", "node"}})) {
    expected.push_back(line);
    expected.push_back("--armadaUrl localhost:50099");
  }
  EXPECT_TRUE(InOrder(run.output, expected));
  EXPECT_THAT(run.output, Not(HasSubstr("testcases/categorization/")));
}

TEST_F(ScriptsTest, E2EKindRunsTheGivenRunnerCommand) {
  const ShellResult run =
      Script("e2e-kind.sh", env_ + " ARMADA_TESTSUITE='docker run --rm img'", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // With the kind cluster's kubeconfig, which a container gets with -e KUBECONFIG.
  EXPECT_THAT(run.output, HasSubstr("+ env KUBECONFIG=" + state_ +
                                    "/kubeconfig docker run --rm img test --tests "
                                    "'testcases/basic/*.yaml'"));
}

TEST_F(ScriptsTest, KindDownSavesLogsThenRemovesEverything) {
  const ShellResult run = Script("kind-down.sh", env_ + " KIND_CLUSTER=c1", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(
      InOrder(run.output,
              {"logs --no-color --timestamps > " + state_ + "/logs/armada-services.log",
               "+ kind export logs " + state_ + "/logs/kind --name c1",
               "compose.yaml down --volumes --remove-orphans", "+ kind delete cluster --name c1"}));
}

TEST_F(ScriptsTest, RunLocalRunsEachGenerationWithItsOwnConfigAndFolders) {
  const ShellResult run = Script("run-local.sh", env_, "--dry-run --filter x");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(InOrder(
      run.output,
      {"--tests 'testcases/basic/*.yaml,testcases/categorization/*.yaml' --local "
       "--executor-config e2e-config/executor_config.yaml --junit build/local/v0.20.40/junit.xml "
       "--filter x",
       "--tests 'testcases/basic/*.yaml,testcases/categorization.current/*.yaml,"
       "testcases/preemption/*.yaml,testcases/reprioritization/*.yaml,testcases/queue/*.yaml,"
       "testcases/node/*.yaml' "
       "--local --executor-config e2e-config/executor_config.current.yaml "
       "--junit build/local/v0.22.7/junit.xml --filter x"}));

  const ShellResult one = Script("run-local.sh", env_ + " ARMADA_VERSION=v0.20.41", "--dry-run");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_THAT(one.output, HasSubstr("executor_config.current.yaml"));
  EXPECT_THAT(one.output, Not(HasSubstr("executor_config.yaml ")));
}

TEST_F(ScriptsTest, RunLocalTakesTestsAndWritesOneReportPerGeneration) {
  const ShellResult run = Script("run-local.sh", env_,
                                 "--dry-run --tests 'mine/*.yaml' --html /r/report.html "
                                 "--junit=/r/junit.xml --filter x");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Script() runs from /, so the relative pattern is made absolute against it.
  EXPECT_TRUE(InOrder(run.output, {"--tests '//mine/*.yaml' --local --executor-config "
                                   "e2e-config/executor_config.yaml --junit "
                                   "/r/v0.20.40/junit.xml --html /r/v0.20.40/report.html "
                                   "--filter x",
                                   "--tests '//mine/*.yaml' --local --executor-config "
                                   "e2e-config/executor_config.current.yaml --junit "
                                   "/r/v0.22.7/junit.xml --html /r/v0.22.7/report.html "
                                   "--filter x"}));
  EXPECT_THAT(run.output, Not(HasSubstr("testcases/basic")));
}

TEST_F(ScriptsTest, RunLocalHelpAndDryRunNeitherSetUpNorBuild) {
  // A build directory that does not exist: anything that built would make it.
  const std::string env = env_ + " BUILD_DIR=" + ShellQuote(state_ + "/no-build");
  const ShellResult help = Script("run-local.sh", env, "--filter x --help");
  ASSERT_EQ(help.exit_code, 0) << help.output;
  EXPECT_THAT(help.output, HasSubstr("Usage: scripts/run-local.sh"));
  const ShellResult dry = Script("run-local.sh", env, "--filter x --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, Not(HasSubstr("setup.sh")));
  EXPECT_FALSE(std::filesystem::exists(state_ + "/no-build"));
}

TEST_F(ScriptsTest, HelpListsEveryVariableWithItsDefault) {
  for (const char* script : {"kind-up.sh", "e2e-kind.sh", "kind-down.sh"}) {
    SCOPED_TRACE(script);
    const ShellResult run = Script(script, env_, "--help");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const char* line :
         {"--dry-run", "ARMADA_VERSION      Armada release [v0.20.40]", "v0.22.7",
          "KIND_CLUSTER        kind cluster name [armada-test]",
          "KIND_KUBECONFIG     kubeconfig of the cluster [E2E_STATE_DIR/kubeconfig]",
          "INGRESS_PORT", "[5001]", "ARMADA_IMAGE_TAG", "ARMADA_GRPC_PORT", "[50051]"}) {
      EXPECT_THAT(run.output, HasSubstr(line));
    }
  }
  EXPECT_THAT(Script("e2e-kind.sh", env_, "--help").output,
              HasSubstr("JUNIT_DIR           where junit-SUITE.xml files go [E2E_STATE_DIR]"));
}

TEST_F(ScriptsTest, RefusesVersionsItCannotPin) {
  for (const char* version : {"v0.20.36", "0.20.40", "latest"}) {
    SCOPED_TRACE(version);
    const ShellResult run =
        Script("kind-up.sh", env_ + " ARMADA_VERSION=" + std::string(version), "--dry-run");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output, HasSubstr("error: ARMADA_VERSION"));
    EXPECT_THAT(run.output, Not(HasSubstr("+ kind")));
  }
  const ShellResult typo = Script("kind-up.sh", env_, "--dryrun");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.output, HasSubstr("unknown argument '--dryrun'"));
}

TEST_F(ScriptsTest, NamesEveryMissingToolBeforeRunningAnything) {
  // A PATH with the shell utilities the scripts use, and none of the stack's tools.
  const std::string bin = state_ + "/bin";
  std::filesystem::create_directory(bin);
  for (const char* tool :
       {"bash", "env", "dirname", "basename", "grep", "sed", "tr", "cut", "cat"}) {
    const ShellResult which = RunShell(std::string("command -v ") + tool);
    ASSERT_EQ(which.exit_code, 0) << tool;
    std::filesystem::create_symlink(which.output.substr(0, which.output.size() - 1),
                                    bin + "/" + tool);
  }
  const ShellResult run = Script("kind-up.sh", env_ + " PATH=" + ShellQuote(bin), "");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("error: not installed: docker kind kubectl"));
  EXPECT_THAT(run.output, Not(HasSubstr("+ ")));
}

}  // namespace
}  // namespace armada::deploy
