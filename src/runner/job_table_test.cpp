#include "runner/job_table.h"

#include <gtest/gtest.h>

namespace armada::runner {
namespace {

TEST(JobTableTest, NumbersTheGivenIdsInOrderAndAppendsNewOnes) {
  JobTable table({"a", "bb", "a", "ccc"});
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table.Find("a"), 0u);
  EXPECT_EQ(table.Find("bb"), 1u);
  EXPECT_EQ(table.Find("ccc"), 2u);
  EXPECT_EQ(table.Find("b"), JobTable::kNone);
  EXPECT_EQ(table.Find(""), JobTable::kNone);
  EXPECT_EQ(table.Intern("bb"), 1u);
  EXPECT_EQ(table.Intern("dd"), 3u);
  EXPECT_EQ(table.id(0), "a");
  EXPECT_EQ(table.id(3), "dd");
  EXPECT_EQ(table.size(), 4u);
}

TEST(JobTableTest, AnEmptyTableFindsNothingAndGrows) {
  JobTable table;
  EXPECT_EQ(table.Find("x"), JobTable::kNone);
  // Far past its first slots, so it grows several times.
  for (int i = 0; i < 5000; ++i)
    EXPECT_EQ(table.Intern("job-" + std::to_string(i)), static_cast<uint32_t>(i));
  for (int i = 0; i < 5000; ++i) {
    const std::string id = "job-" + std::to_string(i);
    ASSERT_EQ(table.Find(id), static_cast<uint32_t>(i));
    ASSERT_EQ(table.id(i), id);
  }
  EXPECT_EQ(table.Find("job-5000"), JobTable::kNone);
}

TEST(JobTableTest, IdsUpToANumberAreTheFirstOnesInOrder) {
  JobTable table(std::vector<std::string>{"a", "b"});
  table.Intern("stranger");
  EXPECT_EQ(table.ids(2), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.ids(3), (std::vector<std::string>{"a", "b", "stranger"}));
  EXPECT_TRUE(table.ids(0).empty());
}

}  // namespace
}  // namespace armada::runner
