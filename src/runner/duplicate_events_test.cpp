#include "runner/duplicate_events.h"

#include <gtest/gtest.h>

#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using namespace ::armada::runner::testing;

api::EventMessage Preempted(const std::string& job) {
  api::EventMessage e;
  e.mutable_preempted()->set_job_id(job);
  return e;
}

TEST(DuplicateEventsTest, ASecondPreemptedInARowIsARepeat) {
  DuplicateEvents filter;
  EXPECT_FALSE(filter.IsRepeat(Running("a")));
  EXPECT_FALSE(filter.IsRepeat(Preempted("a")));
  EXPECT_TRUE(filter.IsRepeat(Preempted("a")));
  EXPECT_TRUE(filter.IsRepeat(Preempted("a")));
}

TEST(DuplicateEventsTest, OtherJobsAndLaterPreemptionsAreNotRepeats) {
  DuplicateEvents filter;
  EXPECT_FALSE(filter.IsRepeat(Preempted("a")));
  EXPECT_FALSE(filter.IsRepeat(Preempted("b")));  // another job
  EXPECT_FALSE(filter.IsRepeat(Running("a")));
  EXPECT_FALSE(filter.IsRepeat(Preempted("a")));  // preempted again after running again
  EXPECT_FALSE(filter.IsRepeat(Succeeded("c")));
  EXPECT_FALSE(filter.IsRepeat(Succeeded("c")));  // only preemptions are tolerated
}

}  // namespace
}  // namespace armada::runner
