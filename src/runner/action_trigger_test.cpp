#include "runner/action_trigger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using namespace ::armada::runner::testing;

void Feed(ActionTrigger& t, const api::EventMessage& e) {
  t.OnEvent(e, std::chrono::system_clock::now());
}

TEST(ActionTriggerTest, DefaultsFollowArmada) {
  api::TestSpec cancel;
  cancel.mutable_cancel();
  EXPECT_EQ(TriggerEventFor(cancel).camel, "queued");
  api::TestSpec cancel_set;
  cancel_set.mutable_cancel_job_set();
  EXPECT_EQ(TriggerEventFor(cancel_set).camel, "queued");
  api::TestSpec preempt;
  preempt.mutable_preempt();
  EXPECT_EQ(TriggerEventFor(preempt).camel, "running");
  api::TestSpec reprioritize;
  reprioritize.mutable_reprioritize();
  EXPECT_EQ(TriggerEventFor(reprioritize).camel, "running");
  api::TestSpec node;
  node.mutable_cancel_on_node();
  EXPECT_EQ(TriggerEventFor(node).camel, "running");
}

TEST(ActionTriggerTest, ExplicitTriggerWinsInEitherSpelling) {
  api::TestSpec spec;
  spec.mutable_preempt();
  spec.set_trigger_event("leased");
  EXPECT_EQ(TriggerEventFor(spec).camel, "leased");
  spec.set_trigger_event("lease_expired");
  EXPECT_EQ(TriggerEventFor(spec).camel, "leaseExpired");
}

TEST(ActionTriggerTest, ReadyOnceEveryJobReachedTheEvent) {
  const JobTable jobs(std::vector<std::string>{"a", "b"});
  ActionTrigger trigger(*FindEventKind("running"), jobs);
  Feed(trigger, Running("a", "node-1"));
  Feed(trigger, Running("a", "node-1"));
  Feed(trigger, Queued("b"));
  Feed(trigger, Running("stranger"));
  EXPECT_FALSE(trigger.ready());
  Feed(trigger, Running("b", "node-2"));
  EXPECT_TRUE(trigger.ready());
  EXPECT_EQ(trigger.node_name(), "node-1");
}

TEST(ActionTriggerTest, AJobSubmittedLaterIsWaitedForToo) {
  JobTable jobs;  // grows batch by batch, as a run's
  ActionTrigger trigger(*FindEventKind("queued"), jobs);
  jobs.Intern("a");
  trigger.OnSubmitted(jobs, 0, 1, std::chrono::system_clock::now());
  Feed(trigger, Queued("a"));
  EXPECT_TRUE(trigger.ready());
  jobs.Intern("b");
  trigger.OnSubmitted(jobs, 1, 2, std::chrono::system_clock::now());
  EXPECT_FALSE(trigger.ready());
  Feed(trigger, Queued("b"));
  EXPECT_TRUE(trigger.ready());
}

TEST(ActionTriggerTest, OtherEventsDoNotCount) {
  const JobTable jobs(std::vector<std::string>{"a"});
  ActionTrigger trigger(*FindEventKind("queued"), jobs);
  Feed(trigger, Submitted("a"));
  Feed(trigger, Running("a"));
  EXPECT_FALSE(trigger.ready());
  Feed(trigger, Queued("a"));
  EXPECT_TRUE(trigger.ready());
}

}  // namespace
}  // namespace armada::runner
