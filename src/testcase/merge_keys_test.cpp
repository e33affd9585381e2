// The order and sources in which merge keys are resolved, and bad merges.
#include "testcase/merge_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

using ::testing::ElementsAre;

// "key=value@source" for each entry of the mapping under `m`, in visit order.
std::vector<std::string> Visit(const std::string& yaml, ErrorList* errors, int* counted = nullptr) {
  const YAML::Node mapping = YAML::Load(yaml)["m"];
  std::vector<std::string> entries;
  int merged = 0;
  ForEachEntry(
      mapping, "m", errors,
      [&](SourcePosition) {
        ++merged;
        return true;
      },
      [&](const MappingEntry& entry) {
        entries.push_back(entry.key.Scalar() + "=" + entry.value.Scalar() + "@" +
                          std::to_string(entry.source));
        return true;
      });
  if (counted != nullptr) *counted = merged;
  return entries;
}

TEST(MergeKeysTest, OwnEntriesFirstThenMergesInPrecedenceOrder) {
  ErrorList errors;
  int counted = 0;
  EXPECT_THAT(Visit(R"(a: &a {x: a1, y: a2}
c: &c {z: c3}
b: &b {<<: *c, y: b2}
m:
  <<: [*a, *b]
  x: own
)",
                    &errors, &counted),
              ElementsAre("x=own@0", "x=a1@1", "y=a2@1", "y=b2@2", "z=c3@3"));
  EXPECT_TRUE(errors.empty()) << errors.Format("f");
  EXPECT_EQ(counted, 3);
}

TEST(MergeKeysTest, QuotedKeyIsAnOrdinaryKey) {
  ErrorList errors;
  EXPECT_THAT(Visit("m: {\"<<\": 1}\n", &errors), ElementsAre("<<=1@0"));
  EXPECT_TRUE(errors.empty());
}

TEST(MergeKeysTest, BadMergeValuesAreErrorsAtTheMergeKey) {
  ErrorList errors;
  EXPECT_THAT(Visit(R"(s: &s 3
a: &a {x: 1}
m:
  <<: *s
  y: 2
  <<: [*a, [1]]
  <<:
)",
                    &errors),
              ElementsAre("y=2@0", "x=1@1"));
  EXPECT_EQ(errors.Format("f"),
            "f:4:3: m.<<: a merge key needs a mapping (such as *defaults) or a list of mappings, "
            "got the number 3\n"
            "f:6:3: m.<<[1]: a merge key's list must hold only mappings, got a list\n"
            "f:7:3: m.<<: a merge key needs a mapping (such as *defaults) or a list of mappings, "
            "got nothing");
}

TEST(MergeKeysTest, AMappingCannotMergeItself) {
  ErrorList errors;
  EXPECT_THAT(Visit("m: &m {<<: *m, x: 1}\n", &errors), ElementsAre("x=1@0"));
  EXPECT_EQ(errors.Format("f"),
            "f:1:8: m.<<: a mapping cannot merge itself (through an alias to its anchor)");
}

TEST(MergeKeysTest, DeepMergesStop) {
  std::string yaml = "a0: &a0 {x: 1}\n";
  for (int i = 1; i <= kMaxMergeDepth + 1; ++i) {
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " {<<: *a" +
            std::to_string(i - 1) + "}\n";
  }
  yaml += "m: {<<: *a" + std::to_string(kMaxMergeDepth + 1) + "}\n";
  ErrorList errors;
  EXPECT_THAT(Visit(yaml, &errors), ElementsAre());
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors.Format("f"), ::testing::HasSubstr("merges nest more than"));
}

TEST(MergeKeysTest, StopsWhenCountSaysSo) {
  const YAML::Node mapping = YAML::Load("a: &a {x: 1}\nm: {y: 2, <<: [*a, *a]}\n")["m"];
  ErrorList errors;
  std::vector<std::string> keys;
  ForEachEntry(
      mapping, "m", &errors, [](SourcePosition) { return false; },
      [&](const MappingEntry& entry) {
        keys.push_back(entry.key.Scalar());
        return true;
      });
  EXPECT_THAT(keys, ElementsAre("y"));
}

}  // namespace
}  // namespace armada::testcase
