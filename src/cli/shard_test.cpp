#include "cli/shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace armada::cli {
namespace {

using ::testing::HasSubstr;

runner::SuiteCase Case(const std::string& name, const std::string& node_pool = "") {
  runner::SuiteCase test;
  test.spec.set_name(name);
  if (!node_pool.empty()) test.spec.mutable_cancel_on_node()->set_node_pool_tag(node_pool);
  return test;
}

std::vector<std::string> Names(const std::vector<runner::SuiteCase>& cases) {
  std::vector<std::string> names;
  for (const auto& test : cases) names.push_back(test.spec.name());
  return names;
}

std::vector<runner::SuiteCase> Suite() {
  std::vector<runner::SuiteCase> cases;
  for (const char* name : {"submit_1x1", "oom", "cancel_by_id", "user_error", "submit_2x3",
                           "preempt_by_id", "queue_crud"}) {
    cases.push_back(Case(name));
  }
  cases.push_back(Case("node_cancel_1x3", "node-ops"));
  cases.push_back(Case("node_preempt_1x3", "node-ops"));
  return cases;
}

TEST(ShardTest, ThePartsTogetherAreTheSelectionEachTestOnceAndBalanced) {
  for (int n = 1; n <= 5; ++n) {
    std::multiset<std::string> seen;
    size_t smallest = 100, largest = 0;
    for (int i = 1; i <= n; ++i) {
      const auto part = Names(ShardCases(Suite(), Shard{i, n}));
      seen.insert(part.begin(), part.end());
      smallest = std::min(smallest, part.size());
      largest = std::max(largest, part.size());
    }
    const auto all = Names(Suite());
    EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end())) << n;
    EXPECT_LE(largest - smallest, 2u) << n;  // the node unit holds 2
  }
}

TEST(ShardTest, NodeCasesOfOnePoolShareAShard) {
  for (int i = 1; i <= 3; ++i) {
    const auto part = Names(ShardCases(Suite(), Shard{i, 3}));
    const bool cancel = std::count(part.begin(), part.end(), "node_cancel_1x3") > 0;
    const bool preempt = std::count(part.begin(), part.end(), "node_preempt_1x3") > 0;
    EXPECT_EQ(cancel, preempt) << i;
  }
}

TEST(ShardTest, TheSplitDependsOnNamesNotOnTheOrderCasesCameIn) {
  auto reversed = Suite();
  std::reverse(reversed.begin(), reversed.end());
  for (int i = 1; i <= 3; ++i) {
    auto a = Names(ShardCases(Suite(), Shard{i, 3}));
    auto b = Names(ShardCases(reversed, Shard{i, 3}));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << i;
  }
}

TEST(ShardTest, ParsesIOfNAndRefusesTheRest) {
  auto ok = ParseShard("2/3");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->index, 2);
  EXPECT_EQ(ok->count, 3);
  for (const char* bad : {"0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2", "", "/2", "1/"}) {
    auto parsed = ParseShard(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(parsed.status().message(), HasSubstr("expected I/N with 1 <= I <= N")) << bad;
  }
}

}  // namespace
}  // namespace armada::cli
