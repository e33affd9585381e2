#include "localstack/server/request_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

const std::string kHuge(1 << 20, 'q');

// The refusal, checked to be INVALID_ARGUMENT and short.
std::string Refusal(const Status& s) {
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_LT(s.message().size(), 200u) << "the refusal must not quote the input";
  return s.message();
}

TEST(RequestChecks, OrdinaryRequestsPass) {
  api::JobSubmitRequest submit;
  submit.set_queue("q");
  submit.set_job_set_id("s");
  submit.add_job_request_items()->set_priority(1);
  EXPECT_TRUE(CheckRequest(submit).ok());
  api::Queue queue;
  queue.set_name("q");
  queue.set_priority_factor(1);
  EXPECT_TRUE(CheckQueue(queue).ok());
  api::JobSetRequest events;
  events.set_queue("q");
  events.set_id("s");
  events.set_from_message_id("12");
  EXPECT_TRUE(CheckRequest(events).ok());
  EXPECT_TRUE(CheckName(std::string(kMaxNameBytes, 'n'), "name").ok());
}

TEST(RequestChecks, HugeNamesAreRefusedWithTheirLengthOnly) {
  api::Queue queue;
  queue.set_name(kHuge);
  EXPECT_EQ(Refusal(CheckQueue(queue)), "name: 1048576 bytes, longer than the 1024 allowed");
  EXPECT_EQ(Refusal(CheckQueue(queue, "queues[3]")),
            "queues[3].name: 1048576 bytes, longer than the 1024 allowed");

  api::JobSetRequest events;
  events.set_queue("q");
  events.set_id("s");
  events.set_from_message_id(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(events)), HasSubstr("from_message_id: 1048576 bytes"));

  api::JobSubmitRequest submit;
  submit.set_queue("q");
  submit.set_job_set_id(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(submit)), HasSubstr("job_set_id: "));
  submit.set_job_set_id("s");
  submit.add_job_request_items();
  submit.add_job_request_items()->set_client_id(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(submit)), HasSubstr("job_request_items[1].client_id: "));

  api::JobCancelRequest cancel;
  cancel.add_job_ids("a");
  cancel.add_job_ids(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(cancel)), HasSubstr("job_ids[1]: "));
  cancel.clear_job_ids();
  cancel.set_reason(std::string(kMaxReasonBytes + 1, 'r'));
  EXPECT_THAT(Refusal(CheckRequest(cancel)), HasSubstr("reason: "));

  api::JobPreemptRequest preempt;
  preempt.set_queue(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(preempt)), HasSubstr("queue: "));
  api::JobSetCancelRequest cancel_set;
  cancel_set.set_job_set_id(kHuge);
  EXPECT_THAT(Refusal(CheckRequest(cancel_set)), HasSubstr("job_set_id: "));
}

TEST(RequestChecks, NonFinitePrioritiesAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  api::Queue queue;
  queue.set_name("q");
  queue.set_priority_factor(nan);
  EXPECT_EQ(Refusal(CheckQueue(queue)), "priority_factor: nan is not a finite number");
  queue.set_priority_factor(-INFINITY);
  EXPECT_THAT(Refusal(CheckQueue(queue)), HasSubstr("priority_factor: -inf"));
}

// pkg/client/queue/priority_factor.go, permission_subject_kind.go and queue.go@v0.22.7.
TEST(RequestChecks, QueuesFollowArmadasRules) {
  api::Queue queue;
  queue.set_name("q");
  queue.set_priority_factor(0.5);
  EXPECT_EQ(Refusal(CheckQueue(queue, "queues[1]")),
            "queues[1].priority_factor: priority factor cannot be lower than 1.0. Value: 0.500000");
  queue.set_priority_factor(1);
  EXPECT_TRUE(CheckQueue(queue).ok());
  auto* subject = queue.add_permissions()->add_subjects();
  subject->set_kind("User");
  subject->set_name("alice");
  EXPECT_TRUE(CheckQueue(queue).ok());
  subject->set_kind("ServiceAccount");
  EXPECT_EQ(Refusal(CheckQueue(queue)),
            "permissions[0].subjects[0].kind: invalid kind value: ServiceAccount (User or Group)");
  subject->set_kind("Group");
  (*queue.mutable_labels())["team"] = "";
  EXPECT_THAT(Refusal(CheckQueue(queue)),
              HasSubstr("labels: queue labels must not have an empty key or value"));
}

TEST(RequestChecks, NonFiniteJobPrioritiesAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  api::JobSubmitRequest submit;
  submit.add_job_request_items()->set_priority(nan);
  EXPECT_THAT(Refusal(CheckRequest(submit)), HasSubstr("job_request_items[0].priority: nan"));
  api::JobReprioritizeRequest reprioritize;
  reprioritize.set_new_priority(INFINITY);
  EXPECT_THAT(Refusal(CheckRequest(reprioritize)), HasSubstr("new_priority: inf"));
}

}  // namespace
}  // namespace armada::localstack
