#include "localstack/control/scheduler.h"

#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using Ids = std::vector<std::string>;
constexpr int64_t kGi = int64_t{1} << 30;

// A scheduler of one node, "n".
Scheduler OneNode(Resources capacity) { return Scheduler({{"n", capacity}}); }
const std::vector<std::string> kN = {"n"};

Ids IdsOf(const std::vector<Placement>& placed) {
  Ids ids;
  for (const auto& p : placed) ids.push_back(p.job_id);
  return ids;
}

TEST(Scheduler, LowerPriorityNumberFirstThenFifo) {
  Scheduler s = OneNode({1000, kGi});
  s.Enqueue("late-urgent", 0, {1000, 0}, kN);
  s.Enqueue("a", 5, {1000, 0}, kN);
  s.Enqueue("b", 5, {1000, 0}, kN);
  s.Enqueue("urgent", 0, {1000, 0}, kN);
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"late-urgent"});
  s.Release("late-urgent");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"urgent"});
  s.Release("urgent");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"a"});
  s.Release("a");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"b"});
}

TEST(Scheduler, JobsBeyondCapacityWaitForRelease) {
  Scheduler s = OneNode({2000, 2 * kGi});
  s.Enqueue("a", 1, {1000, kGi}, kN);
  s.Enqueue("b", 1, {1000, kGi}, kN);
  s.Enqueue("c", 1, {1000, kGi}, kN);
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"a", "b"}));
  EXPECT_EQ(s.free("n").memory_bytes, 0);
  EXPECT_TRUE(IdsOf(s.Schedule()).empty());
  s.Release("b");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"c"});
}

TEST(Scheduler, SmallerJobsFillAroundABigOne) {
  Scheduler s = OneNode({2000, kGi});
  s.Enqueue("big", 1, {4000, 0}, kN);
  s.Enqueue("small", 1, {1000, 0}, kN);
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"small"});
  s.Release("small");
  EXPECT_TRUE(IdsOf(s.Schedule()).empty());
}

TEST(Scheduler, ASmallJobBehindOnesThatNoLongerFitStillStarts) {
  Scheduler s = OneNode({3000, kGi});
  s.Enqueue("a", 1, {2000, 0}, kN);
  s.Enqueue("b", 1, {2000, 0}, kN);
  s.Enqueue("c", 1, {1000, 0}, kN);
  s.Enqueue("d", 1, {1000, 0}, kN);
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"a", "c"}));
  EXPECT_TRUE(IdsOf(s.Schedule()).empty()) << "nothing fits in what is left";
  s.Release("c");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"d"});
  s.Release("a");
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"b"});
}

TEST(Scheduler, ReprioritizeReordersQueuedJobs) {
  Scheduler s = OneNode({1000, kGi});
  s.Enqueue("a", 1, {1000, 0}, kN);
  s.Enqueue("b", 1, {1000, 0}, kN);
  EXPECT_TRUE(s.Reprioritize("b", 0));
  EXPECT_EQ(IdsOf(s.Schedule()), Ids{"b"});
  EXPECT_FALSE(s.Reprioritize("b", 3));
  EXPECT_FALSE(s.Reprioritize("missing", 3));
}

TEST(Scheduler, ReprioritizeToALaterPlaceKeepsArrivalOrder) {
  Scheduler s = OneNode({4000, kGi});
  s.Enqueue("a", 1, {1000, 0}, kN);
  s.Enqueue("b", 2, {1000, 0}, kN);
  s.Enqueue("c", 2, {1000, 0}, kN);
  s.Enqueue("d", 3, {1000, 0}, kN);
  // "a" arrived first, so among priority 2 it stays before "b" and "c";
  // "b" moves behind "c" but, having arrived earlier, before "d".
  EXPECT_TRUE(s.Reprioritize("a", 2));
  EXPECT_TRUE(s.Reprioritize("b", 3));
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"a", "c", "b", "d"}));
}

TEST(Scheduler, RemoveTakesAJobOutOfTheQueue) {
  Scheduler s = OneNode({1000, kGi});
  s.Enqueue("a", 1, {1000, 0}, kN);
  EXPECT_TRUE(s.Remove("a"));
  EXPECT_FALSE(s.Remove("a"));
  EXPECT_TRUE(IdsOf(s.Schedule()).empty());
}

TEST(Scheduler, MachineCapacityIsPositive) {
  const Resources machine = MachineCapacity();
  EXPECT_GE(machine.milli_cpu, 1000);
  EXPECT_GT(machine.memory_bytes, 0);
}

TEST(Scheduler, AGangWaitsForAllItsMembersThenStartsTogether) {
  Scheduler s = OneNode({4000, kGi});
  s.Enqueue("g1", 0, {1000, 0}, kN, {"q/my-gang", 3});
  s.Enqueue("g2", 0, {1000, 0}, kN, {"q/my-gang", 3});
  EXPECT_TRUE(IdsOf(s.Schedule()).empty());
  EXPECT_EQ(s.free("n").milli_cpu, 4000);
  s.Enqueue("g3", 0, {1000, 0}, kN, {"q/my-gang", 3});
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"g1", "g2", "g3"}));
  EXPECT_EQ(s.free("n").milli_cpu, 1000);
}

TEST(Scheduler, AGangThatDoesNotFitWhollyTakesNothing) {
  Scheduler s = OneNode({3000, kGi});
  s.Enqueue("first", 0, {500, 0}, kN);
  s.Enqueue("g1", 0, {1000, 0}, kN, {"q/g", 3});
  s.Enqueue("g2", 0, {1000, 0}, kN, {"q/g", 3});
  s.Enqueue("g3", 0, {1000, 0}, kN, {"q/g", 3});
  s.Enqueue("solo", 1, {500, 0}, kN);
  // Two members would fit beside "first", the third not: none starts, the
  // solo job does.
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"first", "solo"}));
  EXPECT_EQ(s.free("n").milli_cpu, 2000);
  s.Release("solo");
  EXPECT_TRUE(IdsOf(s.Schedule()).empty());
  s.Release("first");
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"g1", "g2", "g3"}));
}

TEST(Scheduler, GangsAreToldApartByTheirIds) {
  Scheduler s = OneNode({4000, kGi});
  s.Enqueue("a1", 0, {1000, 0}, kN, {"q/a", 2});
  s.Enqueue("b1", 0, {1000, 0}, kN, {"q/b", 2});
  s.Enqueue("b2", 0, {1000, 0}, kN, {"q/b", 2});
  EXPECT_EQ(IdsOf(s.Schedule()), (Ids{"b1", "b2"}));
  EXPECT_TRUE(s.Remove("a1"));
}

using Placed = std::vector<std::pair<std::string, std::string>>;

Placed PlacedOf(const std::vector<Placement>& placed) {
  Placed out;
  for (const auto& p : placed) out.emplace_back(p.job_id, p.node);
  return out;
}

TEST(Scheduler, AJobGoesToTheFirstOfItsNodesWithRoom) {
  Scheduler s({{"worker", {1000, kGi}}, {"node-ops", {1000, kGi}}});
  s.Enqueue("a", 0, {1000, 0}, {"worker", "node-ops"});
  s.Enqueue("b", 0, {1000, 0}, {"worker", "node-ops"});
  s.Enqueue("c", 0, {1000, 0}, {"worker"});
  EXPECT_EQ(PlacedOf(s.Schedule()), (Placed{{"a", "worker"}, {"b", "node-ops"}}));
  s.Release("b");
  EXPECT_TRUE(s.Schedule().empty()) << "c may not go to node-ops, however free";
  EXPECT_EQ(s.free("node-ops").milli_cpu, 1000);
  s.Release("a");
  EXPECT_EQ(PlacedOf(s.Schedule()), (Placed{{"c", "worker"}}));
}

TEST(Scheduler, EachNodeKeepsItsOwnAccount) {
  Scheduler s({{"worker", {4000, 4 * kGi}}, {"node-ops", {1000, kGi}}});
  s.Enqueue("ops-1", 0, {1000, kGi}, {"node-ops"});
  s.Enqueue("ops-2", 0, {1000, kGi}, {"node-ops"});
  s.Enqueue("w", 0, {1000, kGi}, {"worker"});
  EXPECT_EQ(PlacedOf(s.Schedule()), (Placed{{"ops-1", "node-ops"}, {"w", "worker"}}));
  EXPECT_EQ(s.free("node-ops").milli_cpu, 0);
  EXPECT_EQ(s.free("worker").milli_cpu, 3000);
  EXPECT_EQ(s.free("worker").memory_bytes, 3 * kGi);
  s.Release("w");
  EXPECT_TRUE(s.Schedule().empty()) << "room on worker is not room on node-ops";
  s.Release("ops-1");
  EXPECT_EQ(PlacedOf(s.Schedule()), (Placed{{"ops-2", "node-ops"}}));
  EXPECT_EQ(s.free("unknown").milli_cpu, 0);
}

TEST(Scheduler, AGangMaySpreadOverNodesButStartsWhole) {
  Scheduler s({{"worker", {2000, kGi}}, {"node-ops", {1000, kGi}}});
  const std::vector<std::string> both = {"worker", "node-ops"};
  s.Enqueue("g1", 0, {1000, 0}, both, {"q/g", 3});
  s.Enqueue("g2", 0, {1000, 0}, both, {"q/g", 3});
  s.Enqueue("g3", 0, {1000, 0}, both, {"q/g", 3});
  EXPECT_EQ(PlacedOf(s.Schedule()),
            (Placed{{"g1", "worker"}, {"g2", "worker"}, {"g3", "node-ops"}}));
  for (const char* id : {"g1", "g2", "g3"}) s.Release(id);
  // h3 only fits node-ops, which "first" fills: no member starts.
  s.Enqueue("first", 0, {1000, 0}, {"node-ops"});
  s.Enqueue("h1", 1, {1000, 0}, both, {"q/h", 3});
  s.Enqueue("h2", 1, {1000, 0}, both, {"q/h", 3});
  s.Enqueue("h3", 1, {1000, 0}, {"node-ops"}, {"q/h", 3});
  EXPECT_EQ(PlacedOf(s.Schedule()), (Placed{{"first", "node-ops"}}));
  EXPECT_EQ(s.free("worker").milli_cpu, 2000);
  s.Release("first");
  EXPECT_EQ(PlacedOf(s.Schedule()),
            (Placed{{"h1", "worker"}, {"h2", "worker"}, {"h3", "node-ops"}}));
}

}  // namespace
}  // namespace armada::localstack
