// The three kind scripts run end to end against the stand-ins of docker (with
// compose), kind and kubectl in src/deploy/standins, which behave as the real
// tools do where the scripts depend on it (see each stand-in's header): the
// runner is the workflow's own `docker run` command, so what the workflow
// passes into the container is exercised too. Delays are a few hundredths of
// a second; the readiness waits are bounded by READY_TIMEOUT.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <csignal>
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
using ::testing::Not;

// A loopback port nothing listens on now, for the stand-in server's REST port.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The kind job's runner command from ci/github/e2e.yml, with the workspace
// being this source tree.
std::string WorkflowRunnerCommand() {
  const YAML::Node workflow = YAML::LoadFile(SourceDir() + "/ci/github/e2e.yml");
  for (const auto& step : workflow["jobs"]["kind"]["steps"]) {
    if (step["env"] && step["env"]["ARMADA_TESTSUITE"]) {
      std::string command = step["env"]["ARMADA_TESTSUITE"].as<std::string>();
      const std::string workspace = "${{ github.workspace }}";
      for (size_t at; (at = command.find(workspace)) != std::string::npos;) {
        command.replace(at, workspace.size(), SourceDir());
      }
      return command;
    }
  }
  return "";
}

class KindStandinsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kind_standins_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directories(dir_ + "/home");
    env_ = "PATH=" + ShellQuote(SourceDir() + "/src/deploy/standins:" + getenv("PATH")) +
           " STANDIN_STATE=" + ShellQuote(dir_ + "/world") + " STANDIN_DELAY=0.02" +
           " HOME=" + ShellQuote(dir_ + "/home") + " E2E_STATE_DIR=" + ShellQuote(dir_ + "/kind") +
           " ARMADA_HTTP_PORT=" + std::to_string(FreePort()) + " READY_TIMEOUT=6" +
           " COMPOSE_PROJECT=standins";
    runner_ = WorkflowRunnerCommand();
    ASSERT_FALSE(runner_.empty());
  }

  void TearDown() override {
    Script("kind-down.sh", "", "");
    // The stand-in server a failed run may have left (compose down ends it).
    if (std::filesystem::exists(dir_ + "/world/state.json")) {
      const YAML::Node world = YAML::LoadFile(dir_ + "/world/state.json");
      for (const auto& project : world["projects"]) {
        if (project.second["rest_pid"]) kill(project.second["rest_pid"].as<int>(), SIGTERM);
      }
    }
    std::filesystem::remove_all(dir_);
  }

  // Runs a command with the stand-ins first on PATH, from cwd.
  ShellResult Run(const std::string& command, const std::string& cwd = "/") const {
    return RunShell("cd " + ShellQuote(cwd) + " && env -u KUBECONFIG " + env_ + " " + command);
  }
  ShellResult Script(const std::string& name, const std::string& env,
                     const std::string& args) const {
    return Run("env " + env + " bash " + ShellQuote(SourceDir() + "/scripts/" + name) + " " + args);
  }
  ShellResult E2E(const std::string& env, const std::string& args,
                  const std::string& cwd = "/") const {
    return Run("env ARMADA_TESTSUITE=" + ShellQuote(runner_) + " " + env + " bash " +
                   ShellQuote(SourceDir() + "/scripts/e2e-kind.sh") + " " + args,
               cwd);
  }
  std::string Calls() const { return ReadText(dir_ + "/world/calls.log"); }

  std::string dir_;
  std::string env_;
  std::string runner_;
};

TEST_F(KindStandinsTest, BothPinnedReleasesComeUpPassEverySuiteAndGoAway) {
  ASSERT_EQ(Run("docker build -f ci/Dockerfile -t armada-testsuite:ci .", SourceDir()).exit_code,
            0);
  for (const auto& [version, suites] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"v0.20.40", {"basic", "categorization"}},
           {"v0.22.7",
            {"basic", "categorization", "preemption", "reprioritization", "queue", "node"}}}) {
    SCOPED_TRACE(version);
    const std::string env = "ARMADA_VERSION=" + version;
    const ShellResult up = Script("kind-up.sh", env, "");
    ASSERT_EQ(up.exit_code, 0) << up.output;
    const ShellResult e2e = E2E(env, "");
    ASSERT_EQ(e2e.exit_code, 0) << e2e.output;
    EXPECT_THAT(e2e.output, HasSubstr("# every suite passed"));
    for (const std::string& suite : suites) {
      const std::string junit = ReadText(dir_ + "/kind/junit-" + suite + ".xml");
      EXPECT_THAT(junit, HasSubstr("failures=\"0\"")) << suite << ": " << junit;
      EXPECT_THAT(junit, Not(HasSubstr("tests=\"0\""))) << suite;
    }
    const ShellResult down = Script("kind-down.sh", env, "");
    ASSERT_EQ(down.exit_code, 0) << down.output;
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/kind/logs/armada-services.log"));
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/kind/kubeconfig"));
    const YAML::Node world = YAML::LoadFile(dir_ + "/world/state.json");
    EXPECT_EQ(world["clusters"].size(), 0u);
    EXPECT_EQ(world["projects"].size(), 0u);
  }
  // The node cases found their node through the kind cluster's kubeconfig.
  EXPECT_THAT(Calls(), HasSubstr("--tests testcases/node/*.yaml --junit " + dir_ +
                                 "/kind/junit-node.xml KUBECONFIG=" + dir_ + "/kind/kubeconfig"));
  // Nothing was written where a user's own kubeconfig lives.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/home/.kube/config"));
}

TEST_F(KindStandinsTest, ALocalArmadaBuildIsUsedWithoutAPullAndTheTestImagesAreLoaded) {
  ASSERT_EQ(Run("docker build -f ci/Dockerfile -t armada-testsuite:ci .", SourceDir()).exit_code,
            0);
  // As `mage buildDockers "bundle, lookout-bundle"` leaves them in an Armada checkout.
  for (const char* image : {"gresearch/armada-bundle:dev", "gresearch/armada-lookout-bundle:dev"}) {
    ASSERT_EQ(Run(std::string("docker build -t ") + image + " .", SourceDir()).exit_code, 0);
  }
  const std::string env = "ARMADA_VERSION=v0.22.7 ARMADA_IMAGE_TAG=dev";
  const ShellResult up = Script("kind-up.sh", env, "");
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_THAT(up.output, HasSubstr("Armada dev built locally, tested as the current generation"));
  EXPECT_THAT(Calls(), HasSubstr("kind load docker-image alpine:3.20.0 --name armada-test"));
  EXPECT_THAT(Calls(), HasSubstr("docker compose pull --quiet redis postgres pulsar"));
  const ShellResult e2e = E2E(env, "");
  EXPECT_EQ(e2e.exit_code, 0) << e2e.output;
}

TEST_F(KindStandinsTest, AMissingLocalBuildIsNamedBeforeAnythingIsCreated) {
  const ShellResult up = Script("kind-up.sh", "ARMADA_VERSION=v0.22.7 ARMADA_IMAGE_TAG=dev", "");
  EXPECT_EQ(up.exit_code, 2) << up.output;
  EXPECT_THAT(up.output,
              HasSubstr("gresearch/armada-bundle:dev gresearch/armada-lookout-bundle:dev: "
                        "not all present in the local Docker"));
  EXPECT_THAT(up.output, HasSubstr("mage buildDockers"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/world/calls.log")) << Calls();
}

TEST_F(KindStandinsTest, TheUsersOwnPatternsReplaceTheSuites) {
  ASSERT_EQ(Run("docker build -f ci/Dockerfile -t armada-testsuite:ci .", SourceDir()).exit_code,
            0);
  ASSERT_EQ(Script("kind-up.sh", "ARMADA_VERSION=v0.22.7", "").exit_code, 0);
  std::filesystem::create_directories(dir_ + "/mine/smoke");
  std::filesystem::copy_file(SourceDir() + "/testcases/basic/submit_1x1.yaml",
                             dir_ + "/mine/smoke/one.yaml");
  const ShellResult e2e = E2E("ARMADA_VERSION=v0.22.7", "--tests 'mine/smoke/*.yaml'", dir_);
  ASSERT_EQ(e2e.exit_code, 0) << e2e.output;
  EXPECT_THAT(ReadText(dir_ + "/kind/junit-smoke.xml"), HasSubstr("name=\"one\""));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/kind/junit-basic.xml"));

  const ShellResult none = E2E("ARMADA_VERSION=v0.22.7", "--tests 'mine/none/*.yaml'", dir_);
  EXPECT_EQ(none.exit_code, 1) << none.output;
  EXPECT_THAT(none.output, HasSubstr("--tests " + dir_ + "/mine/none/*.yaml matches no file"));
}

// The stand-ins reproduce the failures the scripts must avoid.
TEST_F(KindStandinsTest, StandinsFailWhereTheRealToolsDo) {
  // The lookout migration on its image's default port (5433) panics.
  std::string compose = ReadText(SourceDir() + "/e2e-config/kind/compose.yaml");
  const std::string port = "      ARMADA_POSTGRES_CONNECTION_PORT: \"5432\"\n";
  ASSERT_NE(compose.find(port), std::string::npos);
  compose.erase(compose.find(port), port.size());
  std::filesystem::create_directories(dir_ + "/c");
  std::ofstream(dir_ + "/c/compose.yaml") << compose;
  const std::string vars =
      "ARMADA_IMAGE_REPO=gresearch ARMADA_IMAGE_TAG=0.22.7 ARMADA_EXECUTOR_CONFIG=/x "
      "KIND_INTERNAL_KUBECONFIG=/x ARMADA_GRPC_PORT=1 ARMADA_HTTP_PORT=" +
      std::to_string(FreePort());
  ASSERT_EQ(Run("kind create cluster --name s --config " +
                ShellQuote(SourceDir() + "/e2e-config/kind.yaml") + " --kubeconfig " +
                ShellQuote(dir_ + "/kc"))
                .exit_code,
            0);
  const ShellResult up =
      Run("env " + vars + " docker compose -p standins -f c/compose.yaml up -d", dir_);
  EXPECT_NE(up.exit_code, 0);
  EXPECT_THAT(up.output,
              HasSubstr("service \"lookout-migration\" didn't complete successfully: exit 2"));

  // With the port, it comes up; a reader that stops at the first match kills
  // `compose logs` with SIGPIPE while the scheduler's log is still coming.
  ASSERT_EQ(Run("env " + vars + " docker compose -p standins -f " +
                ShellQuote(SourceDir() + "/e2e-config/kind/compose.yaml") + " up -d")
                .exit_code,
            0);
  const ShellResult piped =
      Run("env " + vars + " bash -c " +
          ShellQuote("set -o pipefail; docker compose -p standins -f " + SourceDir() +
                     "/e2e-config/kind/compose.yaml logs " +
                     "scheduler | grep -Eq 'Retrieved [1-9][0-9]* executors'"));
  EXPECT_NE(piped.exit_code, 0) << piped.output;

  // A tag no registry has cannot be pulled.
  const ShellResult pull = Run("docker pull gresearch/armada-bundle:dev");
  EXPECT_EQ(pull.exit_code, 1);
  EXPECT_THAT(pull.output, HasSubstr("pull access denied for gresearch/armada-bundle"));
  EXPECT_EQ(Run("kind load docker-image gresearch/armada-bundle:dev --name s").exit_code, 1);
}

}  // namespace
}  // namespace armada::deploy
