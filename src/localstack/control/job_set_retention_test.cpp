#include "localstack/control/job_set_retention.h"

#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using Key = FinishedJobSets::Key;
using std::chrono::seconds;

TEST(FinishedJobSets, ReleasesTheOldestBeyondTheCount) {
  FinishedJobSets sets({/*max_finished=*/2, /*max_age=*/seconds(3600)});
  const auto t0 = FinishedJobSets::Clock::now();
  sets.Finished({"q", "a"}, t0);
  sets.Finished({"q", "b"}, t0);
  EXPECT_TRUE(sets.TakeExpired(t0).empty());
  sets.Finished({"q", "c"}, t0);
  EXPECT_EQ(sets.TakeExpired(t0), (std::vector<Key>{{"q", "a"}}));
  EXPECT_EQ(sets.size(), 2u);
}

TEST(FinishedJobSets, ReleasesAfterTheAge) {
  FinishedJobSets sets({/*max_finished=*/100, /*max_age=*/seconds(60)});
  const auto t0 = FinishedJobSets::Clock::now();
  sets.Finished({"q", "a"}, t0);
  sets.Finished({"q", "b"}, t0 + seconds(30));
  EXPECT_TRUE(sets.TakeExpired(t0 + seconds(59)).empty());
  EXPECT_EQ(sets.TakeExpired(t0 + seconds(60)), (std::vector<Key>{{"q", "a"}}));
  EXPECT_EQ(sets.TakeExpired(t0 + seconds(90)), (std::vector<Key>{{"q", "b"}}));
  EXPECT_EQ(sets.size(), 0u);
}

TEST(FinishedJobSets, AReopenedJobSetIsKept) {
  FinishedJobSets sets({/*max_finished=*/0, /*max_age=*/seconds(60)});
  const auto t0 = FinishedJobSets::Clock::now();
  sets.Finished({"q", "a"}, t0);
  sets.Reopened({"q", "a"});
  EXPECT_TRUE(sets.TakeExpired(t0 + seconds(120)).empty());
  // Finishing again starts its time anew.
  sets.Finished({"q", "a"}, t0 + seconds(100));
  sets.Finished({"q", "a"}, t0 + seconds(110));
  EXPECT_EQ(sets.size(), 1u);
}

}  // namespace
}  // namespace armada::localstack
