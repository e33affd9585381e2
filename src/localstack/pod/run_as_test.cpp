#include "localstack/pod/run_as.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using ::testing::ElementsAre;

TEST(RunAs, WithoutIdsTheCommandRunsAsTheContainersRoot) {
  PodSpec pod;
  pod.add_containers()->mutable_securitycontext()->set_readonlyrootfilesystem(true);
  EXPECT_FALSE(RunAsOf(pod, pod.containers(0)));
}

TEST(RunAs, TheContainersIdsWinOverThePodsAndGroupsFollowThePod) {
  PodSpec pod;
  auto* p = pod.mutable_securitycontext();
  p->set_runasuser(1000);
  p->set_runasgroup(2000);
  p->add_supplementalgroups(3000);
  p->set_fsgroup(4000);
  auto* own = pod.add_containers();
  own->mutable_securitycontext()->set_runasuser(1001);
  pod.add_containers();

  const auto first = RunAsOf(pod, pod.containers(0));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->uid, 1001u);
  EXPECT_EQ(first->gid, 2000u);
  EXPECT_THAT(first->groups, ElementsAre(3000u, 4000u));
  const auto second = RunAsOf(pod, pod.containers(1));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->uid, 1000u);
}

TEST(RunAs, AUserAloneRunsInGroupZero) {
  PodSpec pod;
  pod.add_containers()->mutable_securitycontext()->set_runasuser(1000);
  const auto run_as = RunAsOf(pod, pod.containers(0));
  ASSERT_TRUE(run_as);
  EXPECT_EQ(run_as->gid, 0u);
  EXPECT_TRUE(run_as->groups.empty());
}

TEST(RunAs, IdsOutsideKubernetesRangeAreInvalidInTheApiServersWords) {
  PodSpec pod;
  pod.add_containers();
  EXPECT_FALSE(InvalidRunAsId(pod, "spec"));
  pod.mutable_containers(0)->mutable_securitycontext()->set_runasgroup(-1);
  EXPECT_EQ(InvalidRunAsId(pod, "spec"),
            "spec.containers[0].securityContext.runAsGroup: Invalid value: -1: must be between 0 "
            "and 2147483647, inclusive");
  pod.mutable_containers(0)->mutable_securitycontext()->clear_runasgroup();
  pod.mutable_securitycontext()->add_supplementalgroups(int64_t{1} << 31);
  EXPECT_EQ(InvalidRunAsId(pod, "spec"),
            "spec.securityContext.supplementalGroups[0]: Invalid value: 2147483648: must be "
            "between 0 and 2147483647, inclusive");
  EXPECT_FALSE(UnmappableRunAsId(pod, "spec"));
}

TEST(RunAs, IdsBeyondTheUserNamespaceAreNamedAsUnmappable) {
  PodSpec pod;
  pod.add_initcontainers()->mutable_securitycontext()->set_runasuser(kContainerIds - 1);
  EXPECT_FALSE(UnmappableRunAsId(pod, "p"));
  pod.mutable_securitycontext()->set_fsgroup(kContainerIds);
  EXPECT_EQ(UnmappableRunAsId(pod, "p"), "p.securityContext.fsGroup");
  pod.mutable_securitycontext()->clear_fsgroup();
  pod.mutable_initcontainers(0)->mutable_securitycontext()->set_runasuser(100000);
  EXPECT_EQ(UnmappableRunAsId(pod, "p"), "p.initContainers[0].securityContext.runAsUser");
}

}  // namespace
}  // namespace armada::localstack
