#include "localstack/scheduler.h"

#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using Ids = std::vector<std::string>;
constexpr int64_t kGi = int64_t{1} << 30;

TEST(Scheduler, LowerPriorityNumberFirstThenFifo) {
  Scheduler s({1000, kGi});
  s.Enqueue("late-urgent", 0, {1000, 0});
  s.Enqueue("a", 5, {1000, 0});
  s.Enqueue("b", 5, {1000, 0});
  s.Enqueue("urgent", 0, {1000, 0});
  EXPECT_EQ(s.Schedule(), Ids{"late-urgent"});
  s.Release("late-urgent");
  EXPECT_EQ(s.Schedule(), Ids{"urgent"});
  s.Release("urgent");
  EXPECT_EQ(s.Schedule(), Ids{"a"});
  s.Release("a");
  EXPECT_EQ(s.Schedule(), Ids{"b"});
}

TEST(Scheduler, JobsBeyondCapacityWaitForRelease) {
  Scheduler s({2000, 2 * kGi});
  s.Enqueue("a", 1, {1000, kGi});
  s.Enqueue("b", 1, {1000, kGi});
  s.Enqueue("c", 1, {1000, kGi});
  EXPECT_EQ(s.Schedule(), (Ids{"a", "b"}));
  EXPECT_EQ(s.free().memory_bytes, 0);
  EXPECT_TRUE(s.Schedule().empty());
  s.Release("b");
  EXPECT_EQ(s.Schedule(), Ids{"c"});
}

TEST(Scheduler, SmallerJobsFillAroundABigOne) {
  Scheduler s({2000, kGi});
  s.Enqueue("big", 1, {4000, 0});
  s.Enqueue("small", 1, {1000, 0});
  EXPECT_EQ(s.Schedule(), Ids{"small"});
  s.Release("small");
  EXPECT_TRUE(s.Schedule().empty());
}

TEST(Scheduler, ReprioritizeReordersQueuedJobs) {
  Scheduler s({1000, kGi});
  s.Enqueue("a", 1, {1000, 0});
  s.Enqueue("b", 1, {1000, 0});
  EXPECT_TRUE(s.Reprioritize("b", 0));
  EXPECT_EQ(s.Schedule(), Ids{"b"});
  EXPECT_FALSE(s.Reprioritize("b", 3));
  EXPECT_FALSE(s.Reprioritize("missing", 3));
}

TEST(Scheduler, RemoveTakesAJobOutOfTheQueue) {
  Scheduler s({1000, kGi});
  s.Enqueue("a", 1, {1000, 0});
  EXPECT_TRUE(s.Remove("a"));
  EXPECT_FALSE(s.Remove("a"));
  EXPECT_TRUE(s.Schedule().empty());
}

TEST(Scheduler, MachineCapacityIsPositive) {
  const Resources machine = MachineCapacity();
  EXPECT_GE(machine.milli_cpu, 1000);
  EXPECT_GT(machine.memory_bytes, 0);
}

TEST(Scheduler, AGangWaitsForAllItsMembersThenStartsTogether) {
  Scheduler s({4000, kGi});
  s.Enqueue("g1", 0, {1000, 0}, {"q/my-gang", 3});
  s.Enqueue("g2", 0, {1000, 0}, {"q/my-gang", 3});
  EXPECT_TRUE(s.Schedule().empty());
  EXPECT_EQ(s.free().milli_cpu, 4000);
  s.Enqueue("g3", 0, {1000, 0}, {"q/my-gang", 3});
  EXPECT_EQ(s.Schedule(), (Ids{"g1", "g2", "g3"}));
  EXPECT_EQ(s.free().milli_cpu, 1000);
}

TEST(Scheduler, AGangThatDoesNotFitWhollyTakesNothing) {
  Scheduler s({3000, kGi});
  s.Enqueue("first", 0, {500, 0});
  s.Enqueue("g1", 0, {1000, 0}, {"q/g", 3});
  s.Enqueue("g2", 0, {1000, 0}, {"q/g", 3});
  s.Enqueue("g3", 0, {1000, 0}, {"q/g", 3});
  s.Enqueue("solo", 1, {500, 0});
  // Two members would fit beside "first", the third not: none starts, the
  // solo job does.
  EXPECT_EQ(s.Schedule(), (Ids{"first", "solo"}));
  EXPECT_EQ(s.free().milli_cpu, 2000);
  s.Release("solo");
  EXPECT_TRUE(s.Schedule().empty());
  s.Release("first");
  EXPECT_EQ(s.Schedule(), (Ids{"g1", "g2", "g3"}));
}

TEST(Scheduler, GangsAreToldApartByTheirIds) {
  Scheduler s({4000, kGi});
  s.Enqueue("a1", 0, {1000, 0}, {"q/a", 2});
  s.Enqueue("b1", 0, {1000, 0}, {"q/b", 2});
  s.Enqueue("b2", 0, {1000, 0}, {"q/b", 2});
  EXPECT_EQ(s.Schedule(), (Ids{"b1", "b2"}));
  EXPECT_TRUE(s.Remove("a1"));
}

}  // namespace
}  // namespace armada::localstack
