#include "localstack/config/localstack_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localstack/pod/host_path_policy.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

std::string Error(const std::string& yaml) {
  auto settings = ParseLocalstackConfig(yaml, "localstack.yaml");
  EXPECT_FALSE(settings.ok()) << yaml;
  return settings.ok() ? "" : settings.status().message();
}

TEST(LocalstackConfig, ShippedConfigKnowsWhatArmadasTestCasesUse) {
  auto settings = LoadLocalstackConfig(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  ASSERT_NE(settings->FindImage("alpine:3.20.0"), nullptr);
  ASSERT_NE(settings->FindImage("bitnamilegacy/kubectl:1.33.4"), nullptr);
  EXPECT_TRUE(settings->FindImage("bitnamilegacy/kubectl:1.33.4")->needs_kubernetes_api());
  EXPECT_EQ(settings->FindImage("some-non-existing-image:1.2.3"), nullptr);
  EXPECT_TRUE(settings->HasNamespace("default"));
  EXPECT_TRUE(settings->HasNamespace("personal-anonymous"));
  EXPECT_FALSE(settings->HasNamespace("invalid-namespace"));
  // As Armada's kind cluster: a worker, and the node-ops worker the node
  // cases pick and tolerate.
  ASSERT_EQ(settings->nodes().size(), 2);
  EXPECT_TRUE(settings->nodes()[0].labels().empty());
  EXPECT_TRUE(settings->nodes()[0].taints().empty());
  EXPECT_EQ(settings->nodes()[1].labels().at("armadaproject.io/node-pool"), "node-ops");
  ASSERT_EQ(settings->nodes()[1].taints().size(), 1);
  EXPECT_EQ(settings->nodes()[1].taints(0).key(), "node-tests");
  EXPECT_EQ(settings->nodes()[1].taints(0).value(), "true");
  EXPECT_EQ(settings->nodes()[1].taints(0).effect(), "NoSchedule");
}

TEST(LocalstackConfig, ImageNamesMatchAsAKubeletPullsThem) {
  auto settings = ParseLocalstackConfig(R"(
images:
  - name: alpine
  - name: busybox:1.36
  - name: registry.example:5000/team/tool:2
namespaces: [default]
)",
                                        "localstack.yaml");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_NE(settings->FindImage("alpine:3.20.0"), nullptr);
  EXPECT_NE(settings->FindImage("docker.io/library/alpine:3.16"), nullptr);
  EXPECT_NE(settings->FindImage("index.docker.io/library/alpine:3.16"), nullptr);
  EXPECT_NE(settings->FindImage("docker.io/alpine:3.16"), nullptr);
  EXPECT_NE(settings->FindImage("library/alpine"), nullptr);
  EXPECT_EQ(settings->FindImage("quay.io/alpine:3.16"), nullptr) << "another registry's image";
  EXPECT_NE(settings->FindImage("busybox:1.36"), nullptr);
  EXPECT_EQ(settings->FindImage("busybox:1.35"), nullptr);
  EXPECT_EQ(settings->FindImage("busybox"), nullptr) << "untagged means latest";
  EXPECT_NE(settings->FindImage("registry.example:5000/team/tool:2"), nullptr);
  EXPECT_EQ(settings->FindImage("registry.example:5000/team/tool:3"), nullptr);
  EXPECT_EQ(settings->FindImage(""), nullptr);
}

TEST(LocalstackConfig, DefaultJobLimitsAreArmadasUnlessTheFileSetsThem) {
  auto armadas = ParseLocalstackConfig("namespaces: [default]\n", "localstack.yaml");
  ASSERT_TRUE(armadas.ok()) << armadas.status().message();
  EXPECT_EQ(armadas->default_job_limits(),
            (ResourceDefaults{{"cpu", "1"}, {"memory", "1Gi"}, {"ephemeral-storage", "8Gi"}}));
  auto own = ParseLocalstackConfig(
      "namespaces: [default]\ndefaultJobLimits: {cpu: 100m, memory: 64Mi}\n", "localstack.yaml");
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_EQ(own->default_job_limits(), (ResourceDefaults{{"cpu", "100m"}, {"memory", "64Mi"}}));
  EXPECT_THAT(Error("namespaces: [default]\ndefaultJobLimits:\n  memory: lots\n"),
              HasSubstr("localstack.yaml:3:11: defaultJobLimits.memory: \"lots\" is not a "
                        "non-negative quantity"));
}

TEST(LocalstackConfig, DefaultJobLimitsFillOnlyWhatAContainerLeavesOut) {
  k8s::io::api::core::v1::PodSpec pod;
  auto* main = pod.add_containers();
  (*main->mutable_resources()->mutable_requests())["cpu"].set_string("250m");
  (*main->mutable_resources()->mutable_limits())["cpu"].set_string("250m");
  auto* init = pod.add_initcontainers();
  (*init->mutable_resources()->mutable_limits())["memory"].set_string("10Mi");
  ApplyDefaultJobLimits(ArmadaDefaultJobLimits(), &pod);
  const auto& r = pod.containers(0).resources();
  EXPECT_EQ(r.requests().at("cpu").string(), "250m");
  EXPECT_EQ(r.limits().at("cpu").string(), "250m");
  EXPECT_EQ(r.requests().at("memory").string(), "1Gi");
  EXPECT_EQ(r.limits().at("memory").string(), "1Gi");
  EXPECT_EQ(r.limits().at("ephemeral-storage").string(), "8Gi");
  // Named in limits only: left alone, in requests too (post_process.go@v0.22.7).
  EXPECT_EQ(pod.initcontainers(0).resources().requests().count("memory"), 0u);
  EXPECT_EQ(pod.initcontainers(0).resources().limits().at("cpu").string(), "1");
}

TEST(LocalstackConfig, ErrorsNameFileLineAndColumn) {
  EXPECT_THAT(Error("images:\n  - name: alpine\n    entrypont: [sh]\nnamespaces: [default]\n"),
              HasSubstr("localstack.yaml:3:5: images[0].entrypont: unknown field \"entrypont\" in "
                        "Image; did you mean \"entrypoint\"?"));
  EXPECT_THAT(Error("images:\n  - name: alpine\n  - name: alpine\nnamespaces: [default]\n"),
              HasSubstr("localstack.yaml:3:11: images[1].name: image \"alpine\" is listed twice"));
  EXPECT_THAT(Error("namespaces: []\n"), HasSubstr("namespaces: no namespaces"));
  EXPECT_THAT(
      Error("namespaces: [default]\nnodes:\n  - name: n\n    taints: [{key: a, effect: Never}]\n"),
      HasSubstr("nodes[0].taints[0].effect: effect \"Never\" is not one of"));
  EXPECT_THAT(Error("namespaces: [default\n"), HasSubstr("localstack.yaml:2:1: YAML syntax error"));
}

TEST(LocalstackConfig, NodesNeedUniqueNamesAndPositiveCapacities) {
  EXPECT_THAT(Error("namespaces: [default]\nnodes:\n  - labels: {a: b}\n"),
              HasSubstr("localstack.yaml:3:5: nodes[0].name: a node needs a name"));
  EXPECT_THAT(Error("namespaces: [default]\nnodes:\n  - name: n\n  - name: n\n"),
              HasSubstr("localstack.yaml:4:11: nodes[1].name: node \"n\" is listed twice"));
  EXPECT_THAT(Error("namespaces: [default]\nnodes:\n  - {name: n, cpu: lots}\n"),
              HasSubstr("nodes[0].cpu: \"lots\" is not a positive quantity"));
  EXPECT_THAT(Error("namespaces: [default]\nnodes:\n  - {name: n, memory: \"0\"}\n"),
              HasSubstr("nodes[0].memory: \"0\" is not a positive quantity"));
  // The single `node` of earlier versions is gone: its key is unknown.
  EXPECT_THAT(Error("namespaces: [default]\nnode:\n  labels: {a: b}\n"),
              HasSubstr("localstack.yaml:2:1: node: unknown field \"node\""));
}

TEST(LocalstackConfig, TheShippedFileAllowsNoHostPath) {
  auto settings = LoadLocalstackConfig(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  for (const std::string path : {"/", "/etc", "/proc", "/sys", "/dev", "/root", "/home", "/var/run",
                                 "/run", "/tmp", "/var/tmp", "/var/lib"}) {
    EXPECT_FALSE(HostPathAllowed(path, settings->allowed_host_paths())) << path;
  }
}

TEST(LocalstackConfig, AllowedHostPathsAreAbsolutePathsWithoutDots) {
  for (const std::string bad : {"data", "/data/../etc", "/a/./b", ""}) {
    EXPECT_THAT(Error("namespaces: [default]\nallowedHostPaths: [\"" + bad + "\"]\n"),
                HasSubstr("localstack.yaml:2:20: allowedHostPaths[0]: \"" + bad +
                          "\" is not an absolute path without"))
        << bad;
  }
  auto ok = ParseLocalstackConfig("namespaces: [default]\nallowedHostPaths: [/data/in]\n", "f");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(HostPathAllowed("/data/in/x", ok->allowed_host_paths()));
}

TEST(LocalstackConfig, MissingFileIsNamed) {
  auto settings = LoadLocalstackConfig("/nonexistent/localstack.yaml");
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("/nonexistent/localstack.yaml"));
}

}  // namespace
}  // namespace armada::localstack
