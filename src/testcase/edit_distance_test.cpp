#include "testcase/edit_distance.h"

#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

TEST(EditDistanceTest, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("categoriez", "categories"), 1u);
  EXPECT_EQ(EditDistance("queue", "queu"), 1u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
  EXPECT_EQ(EditDistance("Jobs", "jobs"), 1u);  // case-sensitive
}

TEST(EditDistanceTest, IsSymmetric) {
  EXPECT_EQ(EditDistance("triggerEvent", "trigerEvnt"), EditDistance("trigerEvnt", "triggerEvent"));
}

TEST(ClosestNameTest, SuggestsNearMisses) {
  const std::vector<std::string> fields = {"categories", "reason", "failureCategory", "retryable"};
  EXPECT_EQ(ClosestName("categoriez", fields), "categories");
  EXPECT_EQ(ClosestName("reasn", fields), "reason");
  EXPECT_EQ(ClosestName("FailureCategory", fields), "failureCategory");  // case ignored
}

TEST(ClosestNameTest, RejectsFarNamesAndExactMatches) {
  const std::vector<std::string> fields = {"jobs", "queue", "timeout"};
  EXPECT_EQ(ClosestName("podSpec", fields), std::nullopt);
  EXPECT_EQ(ClosestName("jobs", fields), std::nullopt);
  EXPECT_EQ(ClosestName("xy", {"ab"}), std::nullopt);  // 2 edits on 2 letters is no typo
}

TEST(ClosestNameTest, PrefersEarlierCandidateOnTies) {
  EXPECT_EQ(ClosestName("jobSetI", {"jobSetId", "jobSetIx"}), "jobSetId");
}

}  // namespace
}  // namespace armada::testcase
