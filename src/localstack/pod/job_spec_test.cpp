#include "localstack/pod/job_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// The deprecated pod_spec field is what DeprecatedPodSpecIsAccepted exercises.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

api::JobSubmitRequestItem Item(const std::string& memory_limit = "",
                               const std::string& memory_request = "") {
  api::JobSubmitRequestItem item;
  auto* c = item.add_pod_specs()->add_containers();
  c->set_name("main");
  c->add_command("true");
  if (!memory_limit.empty()) {
    (*c->mutable_resources()->mutable_limits())["memory"].set_string(memory_limit);
  }
  if (!memory_request.empty()) {
    (*c->mutable_resources()->mutable_requests())["memory"].set_string(memory_request);
  }
  return item;
}

std::string Error(const api::JobSubmitRequestItem& item) {
  const Status s = ValidateSubmitItem(item, "job_request_items[0]");
  EXPECT_FALSE(s.ok());
  return s.message();
}

TEST(JobSpec, ValidItemPasses) {
  EXPECT_TRUE(ValidateSubmitItem(Item("25Mi", "10Mi"), "job_request_items[0]").ok());
}

TEST(JobSpec, BadQuantityNamesTheField) {
  EXPECT_EQ(Error(Item("25MB")),
            "job_request_items[0].pod_specs[0].containers[0].resources.limits[memory]: invalid "
            "quantity \"25MB\"");
}

TEST(JobSpec, RequestAboveLimitIsRejected) {
  EXPECT_THAT(Error(Item("10Mi", "20Mi")),
              HasSubstr("containers[0].resources.requests[memory]: 20Mi is above the limit 10Mi"));
}

TEST(JobSpec, ContainerNameMustBeADnsLabel) {
  for (const std::string name : {"../../escape", "a/b", "Main", "-main", "main-", "main_1"}) {
    api::JobSubmitRequestItem item = Item();
    item.mutable_pod_specs(0)->mutable_containers(0)->set_name(name);
    EXPECT_THAT(Error(item), HasSubstr("job_request_items[0].pod_specs[0].containers[0].name: \"" +
                                       name + "\" is not a valid container name"));
  }
  api::JobSubmitRequestItem item = Item();
  item.mutable_pod_specs(0)->mutable_containers(0)->set_name("main-2");
  EXPECT_TRUE(ValidateSubmitItem(item, "job_request_items[0]").ok());
}

TEST(JobSpec, EmptyContainerNameIsRejected) {
  api::JobSubmitRequestItem item = Item();
  auto* init = item.mutable_pod_specs(0)->add_initcontainers();
  init->add_args("true");
  EXPECT_EQ(Error(item),
            "job_request_items[0].pod_specs[0].initContainers[0].name: empty (Kubernetes "
            "requires every container to have one)");
}

TEST(JobSpec, AHugeContainerNameIsNotQuotedBack) {
  api::JobSubmitRequestItem item = Item();
  item.mutable_pod_specs(0)->mutable_containers(0)->set_name(std::string(1 << 20, 'a'));
  const std::string error = Error(item);
  EXPECT_THAT(error, HasSubstr("containers[0].name: a name of 1048576 bytes is not a valid"));
  EXPECT_LT(error.size(), 300u);
}

TEST(JobSpec, NoContainersIsRejected) {
  api::JobSubmitRequestItem item;
  item.add_pod_specs();
  EXPECT_EQ(Error(item), "job_request_items[0].pod_specs[0].containers: no containers");
  EXPECT_EQ(Error(api::JobSubmitRequestItem()), "job_request_items[0].pod_specs: no pod spec");
}

TEST(JobSpec, AContainerWithoutCommandRunsItsImagesEntrypoint) {
  // What it runs then comes from the image table (pod_admission_test).
  api::JobSubmitRequestItem item = Item();
  item.mutable_pod_specs(0)->mutable_containers(0)->clear_command();
  item.mutable_pod_specs(0)->mutable_containers(0)->clear_args();
  EXPECT_TRUE(ValidateSubmitItem(item, "job_request_items[0]").ok());
}

TEST(JobSpec, DuplicateNamesAcrossInitAndMainAreRejected) {
  api::JobSubmitRequestItem item = Item();
  auto* init = item.mutable_pod_specs(0)->add_initcontainers();
  init->set_name("main");
  init->add_args("true");
  EXPECT_THAT(Error(item), HasSubstr("containers[0].name: duplicate container name \"main\""));
}

TEST(JobSpec, DeprecatedPodSpecIsAccepted) {
  api::JobSubmitRequestItem item;
  *item.mutable_pod_spec() = Item().pod_specs(0);
  EXPECT_TRUE(ValidateSubmitItem(item, "x").ok());
  EXPECT_EQ(PodSpecOf(item).containers(0).name(), "main");
}

TEST(JobSpec, RequestsSumContainersAndTakeTheLargestInit) {
  api::JobSubmitRequestItem item = Item("100Mi");
  PodSpec& pod = *item.mutable_pod_specs(0);
  auto* second = pod.add_containers();
  (*second->mutable_resources()->mutable_requests())["cpu"].set_string("500m");
  (*second->mutable_resources()->mutable_requests())["memory"].set_string("50Mi");
  auto* init = pod.add_initcontainers();
  (*init->mutable_resources()->mutable_limits())["cpu"].set_string("2");
  const Resources r = PodRequest(pod);
  EXPECT_EQ(r.milli_cpu, 2000);
  EXPECT_EQ(r.memory_bytes, 150 << 20);
}

TEST(JobSpec, LimitsOfAContainer) {
  const ContainerLimits limits = LimitsOf(Item("25Mi").pod_specs(0).containers(0));
  EXPECT_EQ(limits.memory_bytes, 25 << 20);
  EXPECT_FALSE(limits.milli_cpu.has_value());
}

}  // namespace
}  // namespace armada::localstack
