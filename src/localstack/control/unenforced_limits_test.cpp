#include "localstack/control/unenforced_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/localstack_protocol.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

api::JobSubmitRequestItem Item(bool memory_limit, bool cpu_limit) {
  api::JobSubmitRequestItem item;
  auto* pod = item.add_pod_specs();
  pod->add_containers()->set_name("sidecar");
  auto* container = pod->add_containers();
  container->set_name("main");
  auto& limits = *container->mutable_resources()->mutable_limits();
  if (memory_limit) limits["memory"].set_string("25Mi");
  if (cpu_limit) limits["cpu"].set_string("100m");
  return item;
}

TEST(UnenforcedLimits, NothingUnenforcedRefusesNothing) {
  EXPECT_FALSE(RefuseUnenforced(Item(true, true), "job_request_items[0]", {}));
}

TEST(UnenforcedLimits, AMemoryLimitWithoutMemoryCgroupNeedsRootNamingTheLimit) {
  UnenforcedLimits limits;
  limits.memory = limits.cpu = true;
  limits.details = "the memory controller is not writable by uid 1000";
  auto refused = RefuseUnenforced(Item(true, true), "job_request_items[2]", limits);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused->message(), StartsWith("needs root for memory limits: "));
  EXPECT_THAT(refused->message(), HasSubstr("not writable by uid 1000"));
  EXPECT_THAT(refused->message(), HasSubstr("--run-unenforced"));
  EXPECT_EQ(refused->reason(), kNeedsRootReason);
  EXPECT_EQ(refused->metadata().at("field"),
            "job_request_items[2].pod_specs[0].containers[1].resources.limits.memory");
}

TEST(UnenforcedLimits, ACpuLimitIsNamedWhenMemoryIsEnforced) {
  UnenforcedLimits limits;
  limits.cpu = true;
  auto refused = RefuseUnenforced(Item(true, true), "job_request_items[0]", limits);
  ASSERT_TRUE(refused);
  EXPECT_THAT(refused->message(), StartsWith("needs root for CPU limits: "));
}

TEST(UnenforcedLimits, AJobAskingNoMissingLimitRunsUnlessIsolationIsMissing) {
  UnenforcedLimits limits;
  limits.memory = true;
  EXPECT_FALSE(RefuseUnenforced(Item(false, true), "job_request_items[0]", limits));
  limits.isolation = true;
  auto refused = RefuseUnenforced(Item(false, true), "job_request_items[0]", limits);
  ASSERT_TRUE(refused);
  EXPECT_THAT(refused->message(), StartsWith("needs root for isolation: "));
  EXPECT_EQ(refused->metadata().at("field"), "job_request_items[0]");
}

}  // namespace
}  // namespace armada::localstack
