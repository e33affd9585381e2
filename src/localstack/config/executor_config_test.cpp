#include "localstack/config/executor_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

PodOutcome Failed(int exit_code, const std::string& reason) {
  return PodOutcome{{{"main", exit_code, reason, "", false}}, "", ""};
}

TEST(ExecutorConfig, ReadsIdentityAndCategoriesFromOneParse) {
  auto config = ParseExecutorConfig(R"(
application:
  clusterId: kind-1
  pool: cpu
  submitJobs: true
  errorCategories:
    - name: oom
      rules:
        - onConditions: [OOMKilled]
kubernetes:
  minimumPodAge: 3m
)",
                                    "executor.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->cluster_id, "kind-1");
  EXPECT_EQ(config->pool, "cpu");
  EXPECT_EQ(config->classifier.Classify(Failed(137, "OOMKilled")).categories,
            std::vector<std::string>{"oom"});
}

TEST(ExecutorConfig, AbsentKeysKeepTheDefaults) {
  for (const char* yaml : {"", "application:\n", "application:\n  errorCategories:\n"}) {
    auto config = ParseExecutorConfig(yaml, "executor.yaml");
    ASSERT_TRUE(config.ok()) << yaml << ": " << config.status().message();
    EXPECT_EQ(config->cluster_id, "localstack");
    EXPECT_EQ(config->pool, "default");
    EXPECT_TRUE(config->classifier.Classify(Failed(1, "Error")).categories.empty());
  }
}

TEST(ExecutorConfig, ProjectConfigLoads) {
  auto config = LoadExecutorConfig(ARMADA_TS_SOURCE_DIR "/e2e-config/executor_config.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  // The seeds' generation: categories.
  EXPECT_EQ(config->classifier.Classify(Failed(137, "OOMKilled")).categories,
            std::vector<std::string>{"oom"});
  EXPECT_EQ(config->classifier.Classify(Failed(127, "Error")).categories,
            std::vector<std::string>{"user_error"});
}

TEST(ExecutorConfig, MissingFileNamesIt) {
  auto config = LoadExecutorConfig("/nonexistent/executor.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("/nonexistent/executor.yaml"));
}

struct BadConfig {
  const char* name;
  const char* yaml;
  const char* expected;
};

class ExecutorConfigError : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ExecutorConfigError, NamesFileAndProblem) {
  auto config = ParseExecutorConfig(GetParam().yaml, "executor.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("executor.yaml"));
  EXPECT_THAT(config.status().message(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, ExecutorConfigError,
    ::testing::Values(BadConfig{"MalformedYaml", "application: [", "YAML syntax error"},
                      BadConfig{"RootNotAMapping", "- a\n- b\n", "1:1: expected a mapping"},
                      BadConfig{"ApplicationNotAMapping", "application: text\n",
                                "1:14: application: expected a mapping"},
                      BadConfig{"ClusterIdNotAString", "application:\n  clusterId: [a, b]\n",
                                "2:14: application.clusterId: expected a string"},
                      BadConfig{"PoolNotAString", "application:\n  pool: {a: 1}\n",
                                "application.pool: expected a string"},
                      BadConfig{
                          "BadCategories",
                          "application:\n  errorCategories:\n    - name: a\n      rules: []\n",
                          "application.errorCategories"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace armada::localstack
