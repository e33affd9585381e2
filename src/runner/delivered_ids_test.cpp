#include "runner/delivered_ids.h"

#include <gtest/gtest.h>

namespace armada::runner {
namespace {

TEST(DeliveredIdsTest, OrderedIdsAreComparedRunByRunAsNumbers) {
  EXPECT_TRUE(IsOrderedId("17"));
  EXPECT_TRUE(IsOrderedId("1700000000000-0"));
  EXPECT_TRUE(IsOrderedId("1700000000000-0:3"));
  EXPECT_FALSE(IsOrderedId(""));
  EXPECT_FALSE(IsOrderedId("-1"));
  EXPECT_FALSE(IsOrderedId("1-"));
  EXPECT_FALSE(IsOrderedId("1--2"));
  EXPECT_FALSE(IsOrderedId("abc"));
  EXPECT_FALSE(IsOrderedId("0x1f"));
  EXPECT_LT(CompareOrderedIds("9", "10"), 0);
  EXPECT_GT(CompareOrderedIds("10", "9"), 0);
  EXPECT_EQ(CompareOrderedIds("007", "7"), 0);
  EXPECT_LT(CompareOrderedIds("1700-9", "1700-10"), 0);
  EXPECT_LT(CompareOrderedIds("1700-0", "1700-0:1"), 0);
  EXPECT_GT(CompareOrderedIds("1701-0", "1700-5:3"), 0);
}

TEST(DeliveredIdsTest, AnOrderedIdNotAboveTheGreatestIsARepeat) {
  DeliveredIds ids;
  EXPECT_TRUE(ids.Add("1"));
  EXPECT_TRUE(ids.Add("2"));
  EXPECT_TRUE(ids.Add("10"));
  EXPECT_FALSE(ids.Add("10"));
  EXPECT_FALSE(ids.Add("2"));  // a server resending from the start
  EXPECT_TRUE(ids.Add("11"));
}

TEST(DeliveredIdsTest, IdsOfOtherFormsAreKeptOneByOne) {
  DeliveredIds ids;
  EXPECT_TRUE(ids.Add("b"));
  EXPECT_TRUE(ids.Add("a"));  // not ordered: a new id, though it sorts lower
  EXPECT_FALSE(ids.Add("b"));
  EXPECT_TRUE(ids.Add("5"));
  EXPECT_FALSE(ids.Add("a"));
  EXPECT_FALSE(ids.Add("5"));
}

}  // namespace
}  // namespace armada::runner
