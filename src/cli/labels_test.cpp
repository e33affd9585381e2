#include "cli/labels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

runner::SuiteCase Case(const std::string& name, std::initializer_list<const char*> labels) {
  runner::SuiteCase test;
  test.spec.set_name(name);
  for (const char* label : labels) test.spec.add_labels(label);
  return test;
}

std::vector<runner::SuiteCase> Suite() {
  return {Case("a", {"smoke"}), Case("b", {"smoke", "node"}), Case("c", {"slow"}), Case("d", {})};
}

std::vector<std::string> Names(const std::vector<runner::SuiteCase>& cases) {
  std::vector<std::string> names;
  for (const auto& test : cases) names.push_back(test.spec.name());
  return names;
}

TEST(LabelsTest, KeepsCasesCarryingAnyLabelThenDropsExcluded) {
  auto smoke = SelectByLabels(Suite(), {"smoke"}, {});
  ASSERT_TRUE(smoke.ok());
  EXPECT_THAT(Names(*smoke), ElementsAre("a", "b"));
  auto either = SelectByLabels(Suite(), {"smoke,slow"}, {"node"});
  ASSERT_TRUE(either.ok());
  EXPECT_THAT(Names(*either), ElementsAre("a", "c"));
  auto not_node = SelectByLabels(Suite(), {}, {"node", "slow"});
  ASSERT_TRUE(not_node.ok());
  EXPECT_THAT(Names(*not_node), ElementsAre("a", "d"));
  auto none = SelectByLabels(Suite(), {}, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 4u);
}

TEST(LabelsTest, ALabelNoCaseCarriesIsAnErrorWithTheNearest) {
  auto typo = SelectByLabels(Suite(), {"smok"}, {});
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(typo.status().message(),
              HasSubstr("--label smok: no selected test case has this label; did you mean "
                        "\"smoke\"? (labels: node, slow, smoke)"));
  auto excluded = SelectByLabels(Suite(), {}, {"gpu"});
  ASSERT_FALSE(excluded.ok());
  EXPECT_THAT(excluded.status().message(), HasSubstr("--exclude-label gpu"));
}

}  // namespace
}  // namespace armada::cli
