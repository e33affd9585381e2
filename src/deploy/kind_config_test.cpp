// The kind stack's files agree with each other and with the testcases: the
// node cases select the label and tolerate the taint e2e-config/kind.yaml
// gives the node-ops worker, name the executor the current executor config
// declares, and that executor tolerates the taint; each generation's executor
// config has its own errorCategories form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

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

using ::testing::Contains;
using ::testing::HasSubstr;

YAML::Node Load(const std::string& relative) {
  return YAML::LoadFile(SourceDir() + "/" + relative);
}

// The node-ops worker of kind.yaml.
YAML::Node NodeOpsWorker(const YAML::Node& kind) {
  for (const auto& node : kind["nodes"]) {
    if (node["labels"] && node["labels"]["armadaproject.io/node-pool"]) return node;
  }
  return YAML::Node();
}

TEST(KindConfigTest, ClusterHasAPlainWorkerAndATaintedNodeOpsWorker) {
  const YAML::Node kind = Load("e2e-config/kind.yaml");
  ASSERT_EQ(kind["kind"].as<std::string>(), "Cluster");
  int plain_workers = 0;
  for (const auto& node : kind["nodes"]) {
    if (node["role"].as<std::string>() == "worker" && !node["labels"]) ++plain_workers;
  }
  EXPECT_EQ(plain_workers, 1);
  const YAML::Node worker = NodeOpsWorker(kind);
  ASSERT_TRUE(worker) << "no worker labelled armadaproject.io/node-pool";
  EXPECT_EQ(worker["role"].as<std::string>(), "worker");
  EXPECT_EQ(worker["labels"]["armadaproject.io/node-pool"].as<std::string>(), "node-ops");
  ASSERT_TRUE(worker["kubeadmConfigPatches"]);
  EXPECT_THAT(worker["kubeadmConfigPatches"][0].as<std::string>(),
              HasSubstr("register-with-taints: \"node-tests=true:NoSchedule\""));

  bool ingress_mapped = false;
  for (const auto& node : kind["nodes"]) {
    for (const auto& mapping : node["extraPortMappings"]) {
      if (mapping["containerPort"].as<int>() == 80 && mapping["hostPort"].as<int>() == 5001) {
        ingress_mapped = true;
      }
    }
  }
  EXPECT_TRUE(ingress_mapped) << "kind-up.sh rewrites 'hostPort: 5001' for INGRESS_PORT";
}

TEST(KindConfigTest, NodeCasesMatchTheClusterAndTheExecutor) {
  const YAML::Node executor = Load("e2e-config/executor_config.current.yaml");
  const std::string cluster_id = executor["application"]["clusterId"].as<std::string>();
  std::vector<std::string> tolerated;
  for (const auto& taint : executor["kubernetes"]["toleratedTaints"]) {
    tolerated.push_back(taint.as<std::string>());
  }
  EXPECT_THAT(tolerated, Contains("node-tests"));

  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/testcases/node")) {
    SCOPED_TRACE(entry.path().string());
    const std::vector<YAML::Node> docs = YAML::LoadAllFromFile(entry.path().string());
    ASSERT_EQ(docs.size(), 2u);
    const YAML::Node pod = docs[0]["jobs"][0]["podSpec"];
    EXPECT_EQ(pod["nodeSelector"]["armadaproject.io/node-pool"].as<std::string>(), "node-ops");
    EXPECT_EQ(pod["tolerations"][0]["key"].as<std::string>(), "node-tests");
    EXPECT_EQ(pod["tolerations"][0]["value"].as<std::string>(), "true");
    EXPECT_EQ(pod["tolerations"][0]["effect"].as<std::string>(), "NoSchedule");
    const YAML::Node action =
        docs[1]["cancelOnNode"] ? docs[1]["cancelOnNode"] : docs[1]["preemptOnNode"];
    ASSERT_TRUE(action);
    EXPECT_EQ(action["nodePoolTag"].as<std::string>(), "node-ops");
    EXPECT_EQ(action["request"]["executor"].as<std::string>(), cluster_id);
    ++cases;
  }
  EXPECT_EQ(cases, 2);
}

TEST(KindConfigTest, EachGenerationsExecutorConfigHasItsOwnForm) {
  const YAML::Node seeds =
      Load("e2e-config/executor_config.yaml")["application"]["errorCategories"];
  ASSERT_TRUE(seeds.IsSequence());
  EXPECT_EQ(seeds[0]["name"].as<std::string>(), "oom");

  const YAML::Node current =
      Load("e2e-config/executor_config.current.yaml")["application"]["errorCategories"];
  ASSERT_TRUE(current.IsMap());
  EXPECT_TRUE(current["enabled"].as<bool>());
  ASSERT_TRUE(current["categories"].IsSequence());
  EXPECT_EQ(current["categories"][1]["name"].as<std::string>(), "user_error");
}

TEST(KindConfigTest, EachGenerationsCategorizationCasesUseItsField) {
  for (const char* name : {"oom.yaml", "user_error.yaml"}) {
    SCOPED_TRACE(name);
    const auto seeds = YAML::LoadAllFromFile(SourceDir() + "/testcases/categorization/" + name);
    const auto current =
        YAML::LoadAllFromFile(SourceDir() + "/testcases/categorization.current/" + name);
    const YAML::Node seeds_failed = seeds[1]["expectedEvents"][1]["failed"];
    const YAML::Node current_failed = current[1]["expectedEvents"][1]["failed"];
    EXPECT_TRUE(seeds_failed["categories"]);
    EXPECT_FALSE(seeds_failed["failureCategory"]);
    EXPECT_TRUE(current_failed["failureCategory"]);
    EXPECT_FALSE(current_failed["categories"]);
    EXPECT_EQ(seeds_failed["categories"][0].as<std::string>(),
              current_failed["failureCategory"].as<std::string>());
  }
}

TEST(KindConfigTest, ComposeRunsArmadasServicesWithTheChosenExecutorConfig) {
  const YAML::Node compose = Load("e2e-config/kind/compose.yaml");
  for (const char* service : {"server", "scheduler", "executor", "binoculars", "postgres", "redis",
                              "pulsar", "eventingester", "scheduleringester"}) {
    EXPECT_TRUE(compose["services"][service]) << service;
  }
  const YAML::Node executor = compose["services"]["executor"];
  EXPECT_EQ(executor["volumes"][0].as<std::string>(),
            "${ARMADA_EXECUTOR_CONFIG:?}:/config/executor.yaml:ro");
  EXPECT_THAT(executor["command"].as<std::string>(), HasSubstr("--config /config/executor.yaml"));
  // Every Armada component merges x-bundle (yaml-cpp keeps `<<` as a key).
  EXPECT_EQ(executor["<<"]["image"].as<std::string>(),
            "${ARMADA_IMAGE_REPO:?}/armada-bundle:${ARMADA_IMAGE_TAG:?}");
  EXPECT_EQ(compose["services"]["server"]["ports"][0].as<std::string>(),
            "${ARMADA_GRPC_PORT:?}:50051");
  EXPECT_TRUE(std::filesystem::exists(SourceDir() + "/e2e-config/kind/postgres-init.sql"));
  EXPECT_TRUE(std::filesystem::exists(SourceDir() + "/e2e-config/kind/armada-auth.yaml"));
}

// A tag can be pushed again; a digest names one image.
TEST(KindConfigTest, NodeImagesArePinnedByDigest) {
  for (const auto& node : Load("e2e-config/kind.yaml")["nodes"]) {
    EXPECT_THAT(node["image"].as<std::string>(),
                ::testing::MatchesRegex("kindest/node:v1\\.28\\.15@sha256:[0-9a-f]{64}"));
  }
}

// kind-up.sh pulls and loads TEST_IMAGES into the nodes: every image a test
// case's job runs must be among them.
TEST(KindConfigTest, KindUpLoadsEveryImageTheTestCasesRun) {
  const ShellResult run =
      RunShell("bash " + ShellQuote(SourceDir() + "/scripts/kind-up.sh") + " --dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  int images = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(SourceDir() + "/testcases")) {
    if (entry.path().extension() != ".yaml") continue;
    for (const YAML::Node& doc : YAML::LoadAllFromFile(entry.path().string())) {
      for (const auto& job : doc["jobs"]) {
        for (const auto& container : job["podSpec"]["containers"]) {
          const std::string image = container["image"].as<std::string>();
          EXPECT_THAT(run.output, HasSubstr("+ kind load docker-image " + image + " "))
              << entry.path();
          ++images;
        }
      }
    }
  }
  EXPECT_GT(images, 0);
}

// With a local Armada build kind-up.sh pulls only these services: together
// they are every service whose image is not Armada's.
TEST(KindConfigTest, ThirdPartyServicesAreTheComposeServicesNotFromArmadasImages) {
  std::vector<std::string> third_party;
  for (const auto& service : Load("e2e-config/kind/compose.yaml")["services"]) {
    // yaml-cpp does not apply merge keys: a service merging the bundle
    // anchor (`<<: *bundle`) runs Armada's bundle image.
    const YAML::Node own = service.second["image"];
    const std::string image =
        own ? own.as<std::string>() : service.second["<<"]["image"].as<std::string>();
    if (image.find("${ARMADA_IMAGE_REPO") == std::string::npos) {
      third_party.push_back(service.first.as<std::string>());
    }
  }
  const ShellResult run = RunShell(
      "bash -c " + ShellQuote("source " + SourceDir() +
                              "/scripts/e2e-common.sh && echo \"${E2E_THIRD_PARTY_SERVICES[*]}\""));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string joined;
  for (const std::string& name : third_party) joined += (joined.empty() ? "" : " ") + name;
  EXPECT_EQ(run.output, joined + "\n");
}

}  // namespace
}  // namespace armada::deploy
