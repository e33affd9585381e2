// ci/github/e2e.yml: parses as YAML, its steps call exactly the project's
// scripts in order, and the JUnit files those scripts write are uploaded and
// published whatever the outcome, with teardown always run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <string>
#include <vector>

#include "deploy/shell_command.h"

namespace armada::deploy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    workflow_ = YAML::LoadFile(SourceDir() + "/ci/github/e2e.yml");
    ASSERT_TRUE(workflow_["jobs"].IsMap());
  }

  YAML::Node Job(const std::string& name) const { return workflow_["jobs"][name]; }

  // The scripts/*.sh each step of job runs, in step order.
  static std::vector<std::string> ScriptsCalled(const YAML::Node& job) {
    std::vector<std::string> called;
    const std::regex script(R"(scripts/[A-Za-z0-9_-]+\.sh)");
    for (const auto& step : job["steps"]) {
      if (!step["run"]) continue;
      const std::string run = step["run"].as<std::string>();
      for (std::sregex_iterator it(run.begin(), run.end(), script), end; it != end; ++it) {
        called.push_back(it->str());
      }
    }
    return called;
  }

  // The step of job whose `run` or `uses` contains text.
  static YAML::Node Step(const YAML::Node& job, const std::string& text) {
    for (const auto& step : job["steps"]) {
      for (const char* key : {"run", "uses"}) {
        if (step[key] && step[key].as<std::string>().find(text) != std::string::npos) return step;
      }
    }
    return YAML::Node();
  }

  static bool Always(const YAML::Node& step) {
    return step["if"] && step["if"].as<std::string>() == "always()";
  }

  YAML::Node workflow_;
};

TEST_F(WorkflowTest, KindJobCallsTheThreeScriptsAndAlwaysTearsDown) {
  const YAML::Node kind = Job("kind");
  ASSERT_TRUE(kind);
  EXPECT_THAT(ScriptsCalled(kind),
              ElementsAre("scripts/kind-up.sh", "scripts/e2e-kind.sh", "scripts/kind-down.sh"));
  EXPECT_TRUE(Always(Step(kind, "scripts/kind-down.sh")));
  EXPECT_FALSE(Always(Step(kind, "scripts/e2e-kind.sh")));
  std::vector<std::string> versions;
  for (const auto& version : kind["strategy"]["matrix"]["armada-version"]) {
    versions.push_back(version.as<std::string>());
  }
  EXPECT_THAT(versions, ElementsAre("v0.20.40", "v0.22.7"));
  EXPECT_EQ(kind["env"]["ARMADA_VERSION"].as<std::string>(), "${{ matrix.armada-version }}");
  EXPECT_THAT(Step(kind, "docker build")["run"].as<std::string>(), HasSubstr("-f ci/Dockerfile"));
}

TEST_F(WorkflowTest, KindJobUploadsAndPublishesTheJUnitFilesE2EKindWrites) {
  const YAML::Node kind = Job("kind");
  const YAML::Node upload = Step(kind, "actions/upload-artifact");
  ASSERT_TRUE(upload);
  EXPECT_TRUE(Always(upload));
  // e2e-kind.sh writes JUNIT_DIR/junit-SUITE.xml, JUNIT_DIR defaulting to
  // E2E_STATE_DIR = build/kind; kind-down.sh saves logs in build/kind/logs.
  const std::string paths = upload["with"]["path"].as<std::string>();
  EXPECT_THAT(paths, HasSubstr("build/kind/junit*.xml"));
  EXPECT_THAT(paths, HasSubstr("build/kind/logs/"));
  const YAML::Node publish = Step(kind, "mikepenz/action-junit-report");
  ASSERT_TRUE(publish);
  EXPECT_TRUE(Always(publish));
  EXPECT_EQ(publish["with"]["report_paths"].as<std::string>(), "build/kind/junit*.xml");
  EXPECT_EQ(workflow_["permissions"]["checks"].as<std::string>(), "write");

  const ShellResult dry =
      RunShell("cd / && bash " + ShellQuote(SourceDir() + "/scripts/e2e-kind.sh") + " --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("--junit " + SourceDir() + "/build/kind/junit-basic.xml"));
}

TEST_F(WorkflowTest, LocalstackJobBuildsInDebianRunsUnitTestsThenTheSuites) {
  const YAML::Node local = Job("localstack");
  ASSERT_TRUE(local);
  EXPECT_EQ(local["container"]["image"].as<std::string>(), "debian:12");
  EXPECT_THAT(local["container"]["options"].as<std::string>(), HasSubstr("--privileged"));
  EXPECT_THAT(ScriptsCalled(local), ElementsAre("scripts/test.sh", "scripts/run-local.sh"));
  const YAML::Node upload = Step(local, "actions/upload-artifact");
  ASSERT_TRUE(upload);
  EXPECT_TRUE(Always(upload));
  EXPECT_THAT(upload["with"]["path"].as<std::string>(), HasSubstr("build/local/"));
  const YAML::Node publish = Step(local, "mikepenz/action-junit-report");
  ASSERT_TRUE(publish);
  EXPECT_TRUE(Always(publish));
  // run-local.sh writes build/local/VERSION/junit.xml.
  EXPECT_EQ(publish["with"]["report_paths"].as<std::string>(), "build/local/*/junit.xml");
}

}  // namespace
}  // namespace armada::deploy
