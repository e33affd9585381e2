#include "cli/selection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::cli {
namespace {

std::vector<runner::SuiteCase> Cases(const std::vector<std::string>& names) {
  std::vector<runner::SuiteCase> cases;
  for (const auto& name : names) {
    runner::SuiteCase test;
    test.spec.set_name(name);
    cases.push_back(test);
  }
  return cases;
}

std::vector<std::string> Names(const std::vector<runner::SuiteCase>& cases) {
  std::vector<std::string> names;
  for (const auto& test : cases) names.push_back(test.spec.name());
  return names;
}

TEST(SelectionTest, FilterThenExclude) {
  auto selected =
      SelectCases(Cases({"submit_1x1", "submit_2x3", "oom", "cancel_by_id"}), "submit|oom", "2x3$");
  ASSERT_TRUE(selected.ok());
  EXPECT_THAT(Names(*selected), ::testing::ElementsAre("submit_1x1", "oom"));
}

TEST(SelectionTest, EmptyPatternsKeepEverything) {
  auto selected = SelectCases(Cases({"a", "b"}), "", "");
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->size(), 2u);
}

TEST(SelectionTest, InvalidRegexNamesTheFlag) {
  auto selected = SelectCases(Cases({"a"}), "", "(");
  ASSERT_FALSE(selected.ok());
  EXPECT_THAT(selected.status().message(), ::testing::HasSubstr("--exclude"));
}

}  // namespace
}  // namespace armada::cli
