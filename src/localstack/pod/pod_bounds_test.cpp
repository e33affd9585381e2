#include "localstack/pod/pod_bounds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localstack/pod/job_spec.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

api::JobSubmitRequestItem Item() {
  api::JobSubmitRequestItem item;
  item.add_pod_specs()->add_containers()->set_name("main");
  return item;
}

TEST(PodBounds, ActiveDeadlineSecondsIsKubernetesRange) {
  for (const int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{2147483648}, INT64_MAX}) {
    api::JobSubmitRequestItem item = Item();
    item.mutable_pod_specs(0)->set_activedeadlineseconds(bad);
    EXPECT_EQ(CheckPodBounds(item, "job_request_items[0]").message(),
              "job_request_items[0].pod_specs[0].activeDeadlineSeconds: " + std::to_string(bad) +
                  " must be between 1 and 2147483647, inclusive");
  }
  for (const int64_t good : {int64_t{1}, int64_t{2147483647}}) {
    api::JobSubmitRequestItem item = Item();
    item.mutable_pod_specs(0)->set_activedeadlineseconds(good);
    EXPECT_TRUE(CheckPodBounds(item, "f").ok()) << good;
  }
}

TEST(PodBounds, GracePeriodIsArmadasRangeOrZero) {
  for (const int64_t bad : {int64_t{-1}, int64_t{301}, INT64_MAX}) {
    api::JobSubmitRequestItem item = Item();
    item.mutable_pod_specs(0)->set_terminationgraceperiodseconds(bad);
    EXPECT_THAT(CheckPodBounds(item, "f").message(),
                HasSubstr("f.pod_specs[0].terminationGracePeriodSeconds: " + std::to_string(bad) +
                          " must be between 1 and 300, or 0 or omitted"));
  }
  for (const int64_t good : {int64_t{0}, int64_t{1}, int64_t{300}}) {
    api::JobSubmitRequestItem item = Item();
    item.mutable_pod_specs(0)->set_terminationgraceperiodseconds(good);
    EXPECT_TRUE(CheckPodBounds(item, "f").ok()) << good;
  }
}

TEST(PodBounds, APodSpecAboveArmadasSizeLimitIsRefused) {
  api::JobSubmitRequestItem item = Item();
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  while (item.pod_specs(0).ByteSizeLong() <= kMaxPodSpecBytes) {
    auto* env = c->add_env();
    env->set_name("V" + std::to_string(c->env_size()));
    env->set_value(std::string(100, 'x'));
  }
  EXPECT_THAT(
      CheckPodBounds(item, "job_request_items[0]").message(),
      HasSubstr("job_request_items[0].pod_specs[0]: the pod spec has " +
                std::to_string(item.pod_specs(0).ByteSizeLong()) + " bytes, more than the 65535"));
  c->mutable_env()->RemoveLast();
  EXPECT_TRUE(CheckPodBounds(item, "job_request_items[0]").ok());
}

TEST(PodBounds, ResourcesAddWithoutWrapping) {
  PodSpec pod;
  for (const char* memory : {"8Ei", "4Ei"}) {
    auto* c = pod.add_containers();
    (*c->mutable_resources()->mutable_limits())["memory"].set_string(memory);
    (*c->mutable_resources()->mutable_requests())["memory"].set_string(memory);
  }
  EXPECT_EQ(PodRequest(pod).memory_bytes, INT64_MAX);
  EXPECT_EQ(PodMemoryLimit(pod), INT64_MAX);
}

}  // namespace
}  // namespace armada::localstack
