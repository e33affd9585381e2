#include "localstack/kubelet/capabilities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/capability.h>

namespace armada::localstack {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

uint64_t Mask(const std::vector<int>& caps) {
  uint64_t mask = 0;
  for (const int cap : caps) mask |= uint64_t{1} << cap;
  return mask;
}

TEST(Capabilities, AContainerKeepsContainerdsDefaultSet) {
  // The CapEff a container of Docker or containerd shows by default.
  EXPECT_EQ(Mask(KeptCapabilities(ContainerSpec())), 0xa80425fbu);
}

TEST(Capabilities, AddAndDropFollowContainerdsOrder) {
  ContainerSpec c;
  auto* caps = c.mutable_securitycontext()->mutable_capabilities();
  caps->add_drop("ALL");
  caps->add_add("net_admin");
  EXPECT_THAT(KeptCapabilities(c), ElementsAre(CAP_NET_ADMIN));
  // Dropping wins over adding, whatever the order given.
  caps->add_drop("NET_ADMIN");
  EXPECT_THAT(KeptCapabilities(c), ElementsAre());

  ContainerSpec all;
  all.mutable_securitycontext()->mutable_capabilities()->add_add("ALL");
  all.mutable_securitycontext()->mutable_capabilities()->add_drop("CHOWN");
  EXPECT_THAT(KeptCapabilities(all), Contains(CAP_SYS_ADMIN));
  EXPECT_THAT(KeptCapabilities(all), Not(Contains(CAP_CHOWN)));
}

TEST(Capabilities, ANameTheKernelDoesNotKnowIsIgnoredAsRuncIgnoresIt) {
  ContainerSpec c;
  auto* caps = c.mutable_securitycontext()->mutable_capabilities();
  // containerd prefixes CAP_ to every name: "CAP_SYS_ADMIN" names nothing.
  caps->add_add("CAP_SYS_ADMIN");
  caps->add_add("NO_SUCH_THING");
  EXPECT_EQ(Mask(KeptCapabilities(c)), 0xa80425fbu);
}

}  // namespace
}  // namespace armada::localstack
