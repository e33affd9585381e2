#include "common/stop_signal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace armada {
namespace {

using namespace std::chrono_literals;

TEST(StopSignalTest, FirstReasonIsKept) {
  StopSignal stop;
  EXPECT_FALSE(stop.stopped());
  EXPECT_EQ(stop.reason(), "");
  stop.Stop("first");
  stop.Stop("second");
  EXPECT_TRUE(stop.stopped());
  EXPECT_EQ(stop.reason(), "first");
}

TEST(StopSignalTest, AChildIsStoppedByItsParentAndGivesItsReason) {
  StopSignal parent;
  StopSignal child(&parent);
  parent.Stop("interrupted by SIGINT");
  EXPECT_TRUE(child.stopped());
  EXPECT_EQ(child.reason(), "interrupted by SIGINT");
  StopSignal late(&parent);
  EXPECT_TRUE(late.stopped());
}

TEST(StopSignalTest, StoppingAChildLeavesTheParentRunning) {
  StopSignal parent;
  StopSignal child(&parent);
  child.Stop("test done");
  EXPECT_FALSE(parent.stopped());
}

// Without waking, the grandchild's wait below would sleep its full hour and
// the test would hang until ctest's timeout.
TEST(StopSignalTest, StoppingAnAncestorWakesAWaitingDescendant) {
  StopSignal root;
  StopSignal child(&root);
  StopSignal grandchild(&child);
  std::atomic<bool> woke{false};
  std::thread waiter([&] { woke = grandchild.WaitFor(1h); });
  std::this_thread::sleep_for(20ms);  // let it start waiting (not needed for correctness)
  root.Stop("stop");
  waiter.join();
  EXPECT_TRUE(woke);
}

TEST(StopSignalTest, WaitForEndsAtAnAncestorsStopAtTime) {
  StopSignal root;
  root.StopAt(StopSignal::Clock::now() + 10ms, "timed out after 10ms");
  StopSignal child(&root);
  EXPECT_TRUE(child.WaitFor(1h));
  EXPECT_EQ(child.reason(), "timed out after 10ms");
}

TEST(StopSignalTest, WaitForReturnsFalseWhenNothingStops) {
  StopSignal stop;
  EXPECT_FALSE(stop.WaitFor(1ms));
}

TEST(StopSignalTest, OnStopRunsOnceForAnAncestorsStopAndAtOnceWhenAlreadyStopped) {
  StopSignal root;
  StopSignal child(&root);
  int calls = 0;
  {
    auto registration = child.OnStop([&] { ++calls; });
    root.Stop("stop");
    child.Stop("again");
  }
  EXPECT_EQ(calls, 1);
  auto late = child.OnStop([&] { ++calls; });
  EXPECT_EQ(calls, 2);
}

TEST(StopSignalTest, ADestroyedRegistrationIsNotCalled) {
  StopSignal stop;
  int calls = 0;
  {
    auto registration = stop.OnStop([&] { ++calls; });
  }
  stop.Stop("stop");
  EXPECT_EQ(calls, 0);
}

TEST(StopSignalTest, CallTimeoutIsCutByTheNearestStopAt) {
  StopSignal root;
  StopSignal child(&root);
  EXPECT_EQ(child.CallTimeout(60s), 60s);
  root.StopAt(StopSignal::Clock::now() + 2s, "timeout");
  EXPECT_LE(child.CallTimeout(60s), 2100ms);
  EXPECT_GT(child.CallTimeout(60s), 1s);
}

}  // namespace
}  // namespace armada
