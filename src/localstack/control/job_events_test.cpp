#include "localstack/control/job_events.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <thread>

namespace armada::localstack {
namespace {

using google::protobuf::util::TimeUtil;

TEST(JobEvents, TimestampsHaveSubSecondResolution) {
  const JobRef job{"j", "s", "q"};
  const api::EventMessage first = QueuedEvent(job);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  const api::EventMessage second = CancelledEvent(job);
  const auto gap = second.cancelled().created() - first.queued().created();
  // Whole seconds would make the gap 0 s or 1 s.
  EXPECT_GE(gap, TimeUtil::MillisecondsToDuration(3));
  EXPECT_LT(gap, TimeUtil::MillisecondsToDuration(900));
}

TEST(JobEvents, EachGenerationsFieldsOnly) {
  const JobRef job{"j", "s", "q"};
  PodResult result;
  result.outcome.containers.push_back({"main", 1, "Error", "", false});
  Classification seeds;
  seeds.categories = {"user_error"};
  auto failed = FailedFromPod(job, {}, result, seeds, "").failed();
  EXPECT_EQ(failed.categories_size(), 1);
  EXPECT_EQ(failed.failure_category(), "");
  Classification later;
  later.failure_category = "user_error";
  failed = FailedFromPod(job, {}, result, later, "").failed();
  EXPECT_EQ(failed.categories_size(), 0);
  EXPECT_EQ(failed.failure_category(), "user_error");
}

}  // namespace
}  // namespace armada::localstack
