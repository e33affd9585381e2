#include "localstack/localstack_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  EXPECT_EQ(settings->node().labels().at("armadaproject.io/node-pool"), "node-ops");
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
  EXPECT_NE(settings->FindImage("busybox:1.36"), nullptr);
  EXPECT_EQ(settings->FindImage("busybox:1.35"), nullptr);
  EXPECT_EQ(settings->FindImage("busybox"), nullptr) << "untagged means latest";
  EXPECT_NE(settings->FindImage("registry.example:5000/team/tool:2"), nullptr);
  EXPECT_EQ(settings->FindImage("registry.example:5000/team/tool:3"), nullptr);
  EXPECT_EQ(settings->FindImage(""), nullptr);
}

TEST(LocalstackConfig, ErrorsNameFileLineAndColumn) {
  EXPECT_THAT(Error("images:\n  - name: alpine\n    entrypont: [sh]\nnamespaces: [default]\n"),
              HasSubstr("localstack.yaml:3:5: images[0].entrypont: unknown field \"entrypont\" in "
                        "Image; did you mean \"entrypoint\"?"));
  EXPECT_THAT(Error("images:\n  - name: alpine\n  - name: alpine\nnamespaces: [default]\n"),
              HasSubstr("localstack.yaml:3:11: images[1].name: image \"alpine\" is listed twice"));
  EXPECT_THAT(Error("namespaces: []\n"), HasSubstr("namespaces: no namespaces"));
  EXPECT_THAT(Error("namespaces: [default]\nnode:\n  taints: [{key: a, effect: Never}]\n"),
              HasSubstr("node.taints[0].effect: effect \"Never\" is not one of"));
  EXPECT_THAT(Error("namespaces: [default\n"), HasSubstr("localstack.yaml:2:1: YAML syntax error"));
}

TEST(LocalstackConfig, MissingFileIsNamed) {
  auto settings = LoadLocalstackConfig("/nonexistent/localstack.yaml");
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("/nonexistent/localstack.yaml"));
}

}  // namespace
}  // namespace armada::localstack
