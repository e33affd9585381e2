#include "runner/actions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using testing::FakeArmada;
using ::testing::HasSubstr;

api::TestSpec Spec() {
  api::TestSpec spec;
  spec.set_name("action");
  spec.set_queue("q");
  spec.set_job_set_id("set");
  return spec;
}

TEST(ActionsTest, ReprioritizeErrorOfAFinishedJobIsAWarning) {
  FakeArmada fake;
  fake.SetPerJobErrors({{"job-2", "job job-2 is in a terminal state"}});
  Connection connection = fake.Connect();
  TestLog log("action");
  api::TestSpec spec = Spec();
  spec.mutable_reprioritize()->mutable_request()->set_new_priority(3);
  ASSERT_TRUE(RunAction(spec, {"job-1", "job-2"}, "", connection, log).ok());
  EXPECT_THAT(log.Text(), HasSubstr("reprioritizing job job-2: job job-2 is in a terminal state"));
  EXPECT_THAT(log.Text(), ::testing::Not(HasSubstr("job job-1:")));
}

TEST(ActionsTest, PreemptErrorOfAFinishedJobIsAWarning) {
  FakeArmada fake;
  fake.SetPerJobErrors({{"job-1", "job is not running"}});
  Connection connection = fake.Connect();
  TestLog log("action");
  api::TestSpec spec = Spec();
  spec.mutable_preempt();
  ASSERT_TRUE(RunAction(spec, {"job-1"}, "", connection, log).ok());
  EXPECT_THAT(log.Text(), HasSubstr("preempting job job-1: job is not running"));
}

}  // namespace
}  // namespace armada::runner
