#include "localstack/config/classifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "localstack/config/executor_config.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

Classifier MustLoad(const std::string& categories_yaml) {
  auto c = ParseExecutorConfig("application:\n  errorCategories:\n" + categories_yaml, "test.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? std::move(c).value().classifier : Classifier();
}

std::string LoadError(const std::string& categories_yaml) {
  auto c = ParseExecutorConfig("application:\n  errorCategories:\n" + categories_yaml, "test.yaml");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

PodOutcome Container(const std::string& name, int exit_code, const std::string& reason = "Error",
                     const std::string& message = "", bool is_init = false) {
  return PodOutcome{{{name, exit_code, reason, message, is_init}}, "", ""};
}

const char* kSeedShape = R"(
    - name: oom
      rules:
        - onConditions: ["OOMKilled"]
    - name: user_error
      rules:
        - onExitCodes:
            operator: In
            values: [1, 2, 126, 127]
    - name: not_one
      rules:
        - onExitCodes: {operator: NotIn, values: [1]}
)";

TEST(Classifier, ListShapeGivesEveryMatchAsCategoriesOnly) {
  // Armada v0.20.37-v0.20.40: `categories`, no failureCategory.
  const Classifier c = MustLoad(kSeedShape);
  const auto result = c.Classify(Container("main", 137, "OOMKilled"));
  EXPECT_EQ(result.categories, (std::vector<std::string>{"oom", "not_one"}));
  EXPECT_EQ(result.failure_category, "");
  EXPECT_EQ(result.failure_subcategory, "");
}

TEST(Classifier, MapShapeGivesTheFirstMatchAsFailureCategoryOnly) {
  // Armada v0.20.41 on: one failureCategory, no `categories`.
  const Classifier c = MustLoad(R"(
    enabled: true
    categories:
      - name: oom
        rules:
          - onConditions: ["OOMKilled"]
      - name: not_one
        rules:
          - onExitCodes: {operator: NotIn, values: [1]}
)");
  const auto result = c.Classify(Container("main", 137, "OOMKilled"));
  EXPECT_TRUE(result.categories.empty());
  EXPECT_EQ(result.failure_category, "oom");
}

TEST(Classifier, CategoryNamesAreEveryCategoryAFailedEventCanCarry) {
  EXPECT_EQ(MustLoad(kSeedShape).CategoryNames(),
            (std::vector<std::string>{"oom", "user_error", "not_one"}));
  EXPECT_EQ(MustLoad(R"(
    enabled: true
    defaultCategory: uncategorized
    categories:
      - name: oom
        rules:
          - onConditions: ["OOMKilled"]
)")
                .CategoryNames(),
            (std::vector<std::string>{"oom", "uncategorized"}));
  EXPECT_TRUE(MustLoad(R"(
    categories:
      - name: oom
        rules:
          - onConditions: ["OOMKilled"]
)")
                  .CategoryNames()
                  .empty())
      << "the map shape classifies nothing unless enabled";
}

TEST(Classifier, EnableJobErrorCategorizationSwitchesTheMapShapeOn) {
  // The first map-shaped releases had the switch in application, not in
  // errorCategories.
  auto config = ParseExecutorConfig(R"(
application:
  enableJobErrorCategorization: true
  errorCategories:
    defaultCategory: uncategorized
    categories:
      - name: user_error
        rules:
          - onExitCodes: {operator: In, values: [1]}
)",
                                    "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->classifier.Classify(Container("main", 1)).failure_category, "user_error");
  EXPECT_EQ(config->classifier.Classify(Container("main", 3)).failure_category, "uncategorized");
  auto off = ParseExecutorConfig(
      "application:\n  errorCategories:\n    defaultCategory: uncategorized\n", "test.yaml");
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->classifier.Classify(Container("main", 1)).failure_category, "");
}

TEST(Classifier, OnPodErrorMatchesThePodsMessage) {
  const Classifier c = MustLoad(R"(
    enabled: true
    categories:
      - name: infrastructure
        rules:
          - onPodError: {pattern: "ErrImagePull|ImagePullBackOff"}
            subcategory: image_pull
)");
  PodOutcome pod;
  pod.pod_error = "Container x: ErrImagePull: image \"nope:1\" is not known";
  const auto result = c.Classify(pod);
  EXPECT_EQ(result.failure_category, "infrastructure");
  EXPECT_EQ(result.failure_subcategory, "image_pull");
  EXPECT_EQ(c.Classify(Container("main", 1)).failure_category, "");
}

TEST(Classifier, OnPodErrorIsNotInTheListShape) {
  EXPECT_THAT(LoadError(R"(
    - name: pull
      rules:
        - onPodError: {pattern: "ErrImagePull"}
)"),
              HasSubstr("unknown key \"onPodError\""));
}

TEST(Classifier, ExitCodeInAndNotIn) {
  const Classifier c = MustLoad(kSeedShape);
  EXPECT_EQ(c.Classify(Container("main", 1)).categories, (std::vector<std::string>{"user_error"}));
  EXPECT_EQ(c.Classify(Container("main", 3)).categories, (std::vector<std::string>{"not_one"}));
}

TEST(Classifier, ExitCodeZeroNeverMatches) {
  const Classifier c = MustLoad(R"(
    - name: anything
      rules:
        - onExitCodes: {operator: NotIn, values: [1]}
    - name: message
      rules:
        - onTerminationMessage: {pattern: "done"}
)");
  EXPECT_TRUE(c.Classify(Container("main", 0, "Completed", "done")).categories.empty());
}

TEST(Classifier, TerminationMessageIsAnUnanchoredRegex) {
  const Classifier c = MustLoad(R"(
    - name: cuda
      rules:
        - onTerminationMessage: {pattern: "CUDA error: [a-z ]+"}
)");
  EXPECT_EQ(c.Classify(Container("m", 1, "Error", "fatal: CUDA error: out of memory!")).categories,
            (std::vector<std::string>{"cuda"}));
  EXPECT_TRUE(c.Classify(Container("m", 1, "Error", "cuda error")).categories.empty());
}

TEST(Classifier, PodLevelConditions) {
  const Classifier c = MustLoad(R"(
    - name: deadline
      rules:
        - onConditions: ["DeadlineExceeded"]
    - name: evicted
      rules:
        - onConditions: ["Evicted"]
)");
  PodOutcome pod = Container("main", 137);
  pod.pod_reason = "DeadlineExceeded";
  EXPECT_EQ(c.Classify(pod).categories, (std::vector<std::string>{"deadline"}));
  pod.pod_reason = "Evicted";
  EXPECT_EQ(c.Classify(pod).categories, (std::vector<std::string>{"evicted"}));
}

TEST(Classifier, ContainerNameScopesTheRule) {
  const Classifier c = MustLoad(R"(
    - name: sidecar
      rules:
        - containerName: sidecar
          onExitCodes: {operator: In, values: [1]}
)");
  EXPECT_TRUE(c.Classify(Container("main", 1)).categories.empty());
  EXPECT_EQ(c.Classify(Container("sidecar", 1)).categories, (std::vector<std::string>{"sidecar"}));
}

TEST(Classifier, InitContainersCount) {
  const Classifier c = MustLoad(kSeedShape);
  PodOutcome pod = Container("init", 2, "Error", "", /*is_init=*/true);
  EXPECT_EQ(c.Classify(pod).categories, (std::vector<std::string>{"user_error", "not_one"}));
}

TEST(Classifier, MapShapeWithSubcategoryAndDefaults) {
  const Classifier c = MustLoad(R"(
    enabled: true
    defaultCategory: unknown
    defaultSubcategory: unclassified
    categories:
      - name: user_error
        rules:
          - onExitCodes: {operator: In, values: [2]}
            subcategory: usage
          - onExitCodes: {operator: In, values: [1]}
            subcategory: generic
)");
  auto result = c.Classify(Container("main", 1));
  EXPECT_EQ(result.failure_category, "user_error");
  EXPECT_EQ(result.failure_subcategory, "generic");
  result = c.Classify(Container("main", 9));
  EXPECT_TRUE(result.categories.empty());
  EXPECT_EQ(result.failure_category, "unknown");
  EXPECT_EQ(result.failure_subcategory, "unclassified");
}

TEST(Classifier, MapShapeDisabledClassifiesNothing) {
  const Classifier c = MustLoad(R"(
    enabled: false
    defaultCategory: unknown
    categories:
      - name: user_error
        rules:
          - onExitCodes: {operator: In, values: [1]}
)");
  const auto result = c.Classify(Container("main", 1));
  EXPECT_TRUE(result.categories.empty());
  EXPECT_EQ(result.failure_category, "");
}

struct BadConfig {
  const char* name;
  const char* yaml;
  const char* expected;
};

class ClassifierConfigError : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ClassifierConfigError, NamesTheProblem) {
  const std::string message = LoadError(GetParam().yaml);
  EXPECT_THAT(message, HasSubstr("test.yaml"));
  EXPECT_THAT(message, HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, ClassifierConfigError,
    ::testing::Values(
        BadConfig{"UnknownCondition",
                  "    - name: a\n      rules:\n        - onConditions: [Boom]\n",
                  "category \"a\" rule 0: unknown condition \"Boom\""},
        BadConfig{"UnknownOperator",
                  "    - name: a\n      rules:\n        - onExitCodes: {operator: Has, values: "
                  "[1]}\n",
                  "category \"a\" rule 0: onExitCodes: unknown operator \"Has\""},
        BadConfig{
            "EmptyValues",
            "    - name: a\n      rules:\n        - onExitCodes: {operator: In, values: []}\n",
            "values must be a non-empty list"},
        BadConfig{"BadRegex",
                  "    - name: a\n      rules:\n        - onConditions: [OOMKilled]\n"
                  "        - onTerminationMessage: {pattern: \"(unclosed\"}\n",
                  "category \"a\" rule 1: onTerminationMessage: invalid pattern"},
        BadConfig{"DuplicateName",
                  "    - name: a\n      rules: [{onConditions: [OOMKilled]}]\n"
                  "    - name: a\n      rules: [{onConditions: [Evicted]}]\n",
                  "category \"a\" (#1): duplicate name"},
        BadConfig{"EmptyName", "    - name: \"\"\n      rules: [{onConditions: [OOMKilled]}]\n",
                  "(#0): name is empty"},
        BadConfig{"NoRules", "    - name: a\n      rules: []\n",
                  "category \"a\" (#0): has no rules"},
        BadConfig{"NoMatcher", "    - name: a\n      rules:\n        - containerName: main\n",
                  "category \"a\" rule 0: no matcher"},
        BadConfig{"TwoMatchers",
                  "    - name: a\n      rules:\n        - onConditions: [OOMKilled]\n"
                  "          onExitCodes: {operator: In, values: [1]}\n",
                  "category \"a\" rule 0: more than one matcher"},
        BadConfig{"UnknownRuleKey",
                  "    - name: a\n      rules:\n        - onConditions: [OOMKilled]\n"
                  "          onExitCode: {operator: In, values: [1]}\n",
                  "unknown key \"onExitCode\""},
        BadConfig{
            "UnknownCategoryKey",
            "    - name: a\n      action: Delete\n      rules: [{onConditions: [OOMKilled]}]\n",
            "category \"a\" (#0): unknown key \"action\""},
        BadConfig{"SubcategoryInSeedShape",
                  "    - name: a\n      rules:\n        - onConditions: [OOMKilled]\n"
                  "          subcategory: x\n",
                  "unknown key \"subcategory\""},
        BadConfig{"UnknownTopKey", "    enabled: true\n    categoriez: []\n",
                  "unknown key \"categoriez\""},
        BadConfig{"MalformedYaml", "    - name: [a\n", "YAML syntax error"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace armada::localstack
