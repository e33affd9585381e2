// ci/github/e2e.yml: parses as YAML, its steps call exactly the project's
// scripts in order, and the JUnit files those scripts write are uploaded and
// published whatever the outcome, with teardown always run; Docker runs
// without the containerd image store before kind, as in Armada's CI; the
// workflow can be called from Armada's repository to test a branch.
// (GitHub's own parser checks it too: ci_files_validators_test.cpp.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "deploy/testing/shell_command.h"

namespace armada::deploy {
namespace {

using testing::RunShell;
using testing::ShellQuote;
using testing::ShellResult;
using testing::SourceDir;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

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

  // The step of job whose `run` or `uses` contains text; a null node if none.
  static YAML::Node Step(const YAML::Node& job, const std::string& text) {
    for (const auto& step : job["steps"]) {
      for (const char* key : {"run", "uses"}) {
        if (step[key] && step[key].as<std::string>().find(text) != std::string::npos) return step;
      }
    }
    return YAML::Node();
  }

  // Runs whatever the outcome of the steps before: `always()`, possibly
  // narrowed by a further condition of its own.
  static bool Always(const YAML::Node& step) {
    return step["if"] && step["if"].as<std::string>().rfind("always()", 0) == 0;
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
  // Both pinned releases, unless a caller names one: the JSON list the
  // matrix expression falls back to.
  const std::string matrix = kind["strategy"]["matrix"]["armada-version"].as<std::string>();
  const std::regex fallback(R"(\|\| '(\[.*\])'\)\s*\}\}$)");
  std::smatch list;
  ASSERT_TRUE(std::regex_search(matrix, list, fallback)) << matrix;
  EXPECT_EQ(nlohmann::json::parse(list[1].str()),
            nlohmann::json::parse(R"(["v0.20.40", "v0.22.7"])"));
  EXPECT_THAT(matrix, HasSubstr("format('[\"{0}\"]', inputs.armada-version)"));
  EXPECT_EQ(kind["env"]["ARMADA_VERSION"].as<std::string>(), "${{ matrix.armada-version }}");
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
  // The sanitizer pass is the project's own CI's, not this job's.
  EXPECT_EQ(local["env"]["SANITIZE"].as<std::string>(), "0");
  EXPECT_TRUE(Step(local, "actions/setup-node")) << "setup.sh's npm tooling needs Node.js 20";
  const YAML::Node cache = Step(local, "actions/cache");
  ASSERT_TRUE(cache);
  EXPECT_EQ(cache["with"]["path"].as<std::string>(), ".ccache");
  EXPECT_EQ(local["env"]["CCACHE_DIR"].as<std::string>(), "${{ github.workspace }}/.ccache");
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

// The step index of the first step whose run or uses contains text, or -1.
int StepIndex(const YAML::Node& job, const std::string& text) {
  for (size_t i = 0; i < job["steps"].size(); ++i) {
    const YAML::Node step = job["steps"][i];
    for (const char* key : {"run", "uses"}) {
      if (step[key] && step[key].as<std::string>().find(text) != std::string::npos) {
        return static_cast<int>(i);
      }
    }
  }
  return -1;
}

// Armada's CI sets this before kind at v0.20.40 and v0.22.7
// (.github/workflows/test.yml): `kind load docker-image` fails under the
// containerd image store.
TEST_F(WorkflowTest, DockerRunsWithoutTheContainerdImageStoreBeforeKind) {
  const YAML::Node kind = Job("kind");
  const int docker = StepIndex(kind, "docker/setup-docker-action@");
  ASSERT_GE(docker, 0);
  const nlohmann::json config =
      nlohmann::json::parse(kind["steps"][docker]["with"]["daemon-config"].as<std::string>());
  EXPECT_EQ(config["features"]["containerd-snapshotter"], false);
  EXPECT_LT(docker, StepIndex(kind, "scripts/kind-up.sh"));
  EXPECT_LT(docker, StepIndex(kind, "docker load"));
}

TEST_F(WorkflowTest, RunnerInItsContainerGetsTheClustersKubeconfig) {
  // e2e-kind.sh sets KUBECONFIG to the cluster's (under the workspace, which
  // is mounted at the same path); `-e KUBECONFIG` hands it into the container.
  const std::string runner =
      Step(Job("kind"), "scripts/e2e-kind.sh")["env"]["ARMADA_TESTSUITE"].as<std::string>();
  EXPECT_THAT(runner, HasSubstr(" -e KUBECONFIG "));
  EXPECT_THAT(
      runner,
      HasSubstr("-v ${{ github.workspace }}:${{ github.workspace }} -w ${{ github.workspace }}"));
}

TEST_F(WorkflowTest, RunnerImageIsBuiltOnceWithACacheAndLoadedInEveryLeg) {
  const YAML::Node build = Job("runner-image");
  const YAML::Node step = Step(build, "docker/build-push-action@");
  ASSERT_TRUE(step);
  EXPECT_EQ(step["with"]["file"].as<std::string>(), "ci/Dockerfile");
  EXPECT_THAT(step["with"]["cache-from"].as<std::string>(), HasSubstr("type=gha"));
  EXPECT_THAT(step["with"]["cache-to"].as<std::string>(), HasSubstr("type=gha"));
  const YAML::Node kind = Job("kind");
  EXPECT_EQ(kind["needs"].as<std::string>(), "runner-image");
  EXPECT_TRUE(Step(kind, "docker build").IsNull());
  EXPECT_GE(StepIndex(kind, "docker load"), 0);
}

TEST_F(WorkflowTest, CalledFromArmadaItBuildsTheBranchAndChecksThisProjectOutBesideIt) {
  const YAML::Node call = workflow_["on"]["workflow_call"]["inputs"];
  for (const char* input :
       {"testsuite-repository", "testsuite-ref", "build-armada", "armada-version", "tests"}) {
    EXPECT_TRUE(call[input]) << input;
  }
  const YAML::Node kind = Job("kind");
  bool checks_out_armada = false;
  for (const auto& step : kind["steps"]) {
    if (step["with"] && step["with"]["path"] &&
        step["with"]["path"].as<std::string>() == "armada") {
      checks_out_armada = step["if"].as<std::string>() == "inputs.build-armada";
    }
  }
  EXPECT_TRUE(checks_out_armada);
  const int build = StepIndex(kind, "buildDockers \"bundle, lookout-bundle\"");
  ASSERT_GE(build, 0);
  EXPECT_EQ(kind["steps"][build]["working-directory"].as<std::string>(), "armada");
  EXPECT_LT(build, StepIndex(kind, "scripts/kind-up.sh"));
  // The branch's images are goreleaser's `latest`, which kind-up.sh never pulls.
  EXPECT_EQ(kind["env"]["ARMADA_IMAGE_TAG"].as<std::string>(),
            "${{ inputs.build-armada && 'latest' || '' }}");
  EXPECT_THAT(Step(kind, "scripts/e2e-kind.sh")["run"].as<std::string>(),
              HasSubstr("--tests \"$pattern\""));
  EXPECT_EQ(Job("localstack")["if"].as<std::string>(), "${{ !inputs.build-armada }}");
}

TEST_F(WorkflowTest, ChecksArePublishedOnlyWhereTheTokenMayWriteThem) {
  EXPECT_FALSE(workflow_["permissions"]["checks"]) << "only the jobs that publish ask for it";
  EXPECT_THAT(workflow_["env"]["PUBLISH_CHECKS"].as<std::string>(),
              HasSubstr("github.event.pull_request.head.repo.full_name == github.repository"));
  for (const char* name : {"kind", "localstack"}) {
    const YAML::Node job = Job(name);
    EXPECT_EQ(job["permissions"]["checks"].as<std::string>(), "write") << name;
    EXPECT_EQ(Step(job, "mikepenz/action-junit-report")["if"].as<std::string>(),
              "always() && env.PUBLISH_CHECKS == 'true'")
        << name;
  }
}

TEST_F(WorkflowTest, KindIsInstalledInTheJobsOwnDirectoryAndChecked) {
  const std::string install = Step(Job("kind"), "kind-linux-amd64")["run"].as<std::string>();
  EXPECT_THAT(install, HasSubstr("$RUNNER_TEMP/kind-bin"));
  EXPECT_THAT(install, HasSubstr("sha256sum -c"));
  EXPECT_THAT(install, HasSubstr(">> \"$GITHUB_PATH\""));
  EXPECT_THAT(install, Not(HasSubstr("/usr/local/bin")));
}

// The shard matrix: every leg runs run-local.sh with its --shard I/SHARDS
// and a JSON report, SHARDS is the matrix's size, and the merge job joins
// every leg's JUnit and JSON with `report merge`, whatever the legs' outcome.
TEST_F(WorkflowTest, ShardLegsSplitTheSuitesAndOneJobMergesTheirReports) {
  const YAML::Node shards = Job("localstack-shards");
  ASSERT_TRUE(shards);
  const YAML::Node legs = shards["strategy"]["matrix"]["shard"];
  ASSERT_TRUE(legs.IsSequence());
  EXPECT_EQ(shards["env"]["SHARDS"].as<size_t>(), legs.size());
  for (size_t i = 0; i < legs.size(); ++i) EXPECT_EQ(legs[i].as<size_t>(), i + 1);
  EXPECT_THAT(ScriptsCalled(shards), ElementsAre("scripts/run-local.sh"));
  const std::string run = Step(shards, "scripts/run-local.sh")["run"].as<std::string>();
  EXPECT_THAT(run, HasSubstr("--shard \"${{ matrix.shard }}/$SHARDS\""));
  EXPECT_THAT(run, HasSubstr("--json \"build/local/$ARMADA_VERSION/results.json\""));
  EXPECT_TRUE(Always(Step(shards, "actions/upload-artifact")));

  const YAML::Node merged = Job("localstack-merged");
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged["needs"].as<std::string>(), "localstack-shards");
  EXPECT_THAT(merged["if"].as<std::string>(), HasSubstr("always()"));
  const std::string merge = Step(merged, "report merge")["run"].as<std::string>();
  EXPECT_THAT(merge, HasSubstr("shards/localstack-shard-*/\"$ARMADA_VERSION\"/junit.xml"));
  EXPECT_THAT(merge, HasSubstr("shards/localstack-shard-*/\"$ARMADA_VERSION\"/results.json"));
  EXPECT_EQ(Step(merged, "mikepenz/action-junit-report")["with"]["report_paths"].as<std::string>(),
            "build/merged/junit.xml");
}

}  // namespace
}  // namespace armada::deploy
