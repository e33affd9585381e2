#include "localstack/pod/job_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// The deprecated pod_spec field is what DeprecatedPodSpecIsAccepted exercises.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

// Armada's rules ask requests equal to limits; `memory_request` "" means
// the same as the limit, "-" none.
api::JobSubmitRequestItem Item(const std::string& memory_limit = "10Mi",
                               const std::string& memory_request = "") {
  api::JobSubmitRequestItem item;
  item.set_namespace_("default");
  auto* c = item.add_pod_specs()->add_containers();
  c->set_name("main");
  c->add_command("true");
  if (!memory_limit.empty()) {
    (*c->mutable_resources()->mutable_limits())["memory"].set_string(memory_limit);
  }
  const std::string request = memory_request.empty() ? memory_limit : memory_request;
  if (!request.empty() && request != "-") {
    (*c->mutable_resources()->mutable_requests())["memory"].set_string(request);
  }
  return item;
}

// A container with cpu and memory, each request equal to its limit.
ContainerSpec Sized(const std::string& name, const std::string& cpu, const std::string& memory) {
  ContainerSpec c;
  c.set_name(name);
  c.add_command("true");
  for (auto* map :
       {c.mutable_resources()->mutable_requests(), c.mutable_resources()->mutable_limits()}) {
    (*map)["cpu"].set_string(cpu);
    (*map)["memory"].set_string(memory);
  }
  return c;
}

std::string Error(const api::JobSubmitRequestItem& item) {
  const Status s = ValidateSubmitItem(item, "job_request_items[0]");
  EXPECT_FALSE(s.ok());
  return s.message();
}

TEST(JobSpec, ValidItemPasses) {
  EXPECT_TRUE(ValidateSubmitItem(Item("25Mi"), "job_request_items[0]").ok());
}

TEST(JobSpec, BadQuantityNamesTheField) {
  EXPECT_EQ(Error(Item("25MB")),
            "job_request_items[0].pod_specs[0].containers[0].resources.limits[memory]: invalid "
            "quantity \"25MB\"");
}

// validateHasNamespace, internal/server/submit/validation/submit_request.go@v0.22.7.
TEST(JobSpec, AnEmptyNamespaceIsRefusedAsArmadaRefusesIt) {
  api::JobSubmitRequestItem item = Item();
  item.clear_namespace_();
  EXPECT_EQ(Error(item), "job_request_items[0].namespace: namespace is a required field");
}

// validateResources, internal/server/submit/validation/submit_request.go@v0.22.7 (and @v0.20.40).
TEST(JobSpec, ResourcesFollowArmadasRules) {
  const std::string where =
      "job_request_items[0].pod_specs[0].containers[0].resources: container main";
  EXPECT_EQ(Error(Item("")), where + " has no resources specified");
  EXPECT_EQ(Error(Item("10Mi", "-")),
            where + " defines different resources for requests and limits");
  EXPECT_EQ(Error(Item("10Mi", "20Mi")),
            where + " defines memory with limits smaller than requests");
  EXPECT_EQ(Error(Item("25Mi", "10Mi")),
            where + " defines memory with limits great than 1.00*requests");
  api::JobSubmitRequestItem cross = Item("10Mi");
  auto* resources = cross.mutable_pod_specs(0)->mutable_containers(0)->mutable_resources();
  resources->mutable_requests()->erase("memory");
  (*resources->mutable_requests())["cpu"].set_string("1");
  EXPECT_EQ(Error(cross), where + " defines cpu for requests but not limits");
  // Init containers follow the same rules.
  api::JobSubmitRequestItem init = Item();
  auto* bare = init.mutable_pod_specs(0)->add_initcontainers();
  bare->set_name("setup");
  EXPECT_EQ(Error(init),
            "job_request_items[0].pod_specs[0].initContainers[0].resources: container setup has "
            "no resources specified");
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

TEST(JobSpec, VolumeNameMustBeAUniqueDnsLabel) {
  for (const std::string name : {"../../usr/local/bin", "a/b", "..", "Data", "data_1", ""}) {
    api::JobSubmitRequestItem item = Item();
    auto* volume = item.mutable_pod_specs(0)->add_volumes();
    volume->set_name(name);
    volume->mutable_volumesource()->mutable_emptydir();
    EXPECT_THAT(Error(item), HasSubstr("job_request_items[0].pod_specs[0].volumes[0].name: "))
        << name;
  }
  api::JobSubmitRequestItem item = Item();
  for (int i = 0; i < 2; ++i) item.mutable_pod_specs(0)->add_volumes()->set_name("shared-data");
  EXPECT_EQ(Error(item),
            "job_request_items[0].pod_specs[0].volumes[1].name: duplicate volume name "
            "\"shared-data\"");
  item.mutable_pod_specs(0)->mutable_volumes(1)->set_name("data-2");
  EXPECT_TRUE(ValidateSubmitItem(item, "job_request_items[0]").ok());
}

TEST(JobSpec, EmptyContainerNameIsRejected) {
  api::JobSubmitRequestItem item = Item();
  *item.mutable_pod_specs(0)->add_initcontainers() = Sized("", "1", "1Mi");
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
  item.set_namespace_("default");
  item.add_pod_specs();
  EXPECT_EQ(Error(item), "job_request_items[0].pod_specs[0].containers: no containers");
  item.clear_pod_specs();
  EXPECT_EQ(Error(item), "job_request_items[0].pod_specs: Job must contain at least one PodSpec");
}

// validateHasPodSpec, internal/server/submit/validation/submit_request.go@v0.22.7
// (the same words at v0.20.40).
TEST(JobSpec, PodSpecAndPodSpecsAreExclusiveAndOnePodIsTheMost) {
  api::JobSubmitRequestItem both = Item();
  *both.mutable_pod_spec() = both.pod_specs(0);
  EXPECT_EQ(Error(both),
            "job_request_items[0].pod_spec: PodSpec must be nil if PodSpecs is provided (i.e., "
            "these are exclusive)");
  api::JobSubmitRequestItem two = Item();
  *two.add_pod_specs() = two.pod_specs(0);
  EXPECT_EQ(Error(two),
            "job_request_items[0].pod_specs: Jobs with multiple pods are not supported");
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
  *item.mutable_pod_specs(0)->add_initcontainers() = Sized("main", "1", "1Mi");
  EXPECT_THAT(Error(item), HasSubstr("containers[0].name: duplicate container name \"main\""));
}

TEST(JobSpec, DeprecatedPodSpecIsAccepted) {
  api::JobSubmitRequestItem item;
  item.set_namespace_("default");
  *item.mutable_pod_spec() = Item().pod_specs(0);
  EXPECT_TRUE(ValidateSubmitItem(item, "x").ok());
  EXPECT_EQ(PodSpecOf(item).containers(0).name(), "main");
}

TEST(JobSpec, RequestsSumContainersAndTakeTheLargestInit) {
  PodSpec pod;
  *pod.add_containers() = Sized("a", "500m", "100Mi");
  *pod.add_containers() = Sized("b", "500m", "50Mi");
  *pod.add_initcontainers() = Sized("init", "2", "10Mi");
  const Resources r = PodRequest(pod);
  EXPECT_EQ(r.milli_cpu, 2000);
  EXPECT_EQ(r.memory_bytes, 150 << 20);
}

TEST(JobSpec, ExtendedResourcesAreTheNonZeroOnesBeyondCpuMemoryAndStorage) {
  PodSpec pod;
  *pod.add_containers() = Sized("a", "1", "1Mi");
  auto& requests = *pod.mutable_containers(0)->mutable_resources()->mutable_requests();
  requests["ephemeral-storage"].set_string("8Gi");
  requests["nvidia.com/gpu"].set_string("1");
  requests["example.com/zero"].set_string("0");
  EXPECT_EQ(ExtendedResources(pod), std::vector<std::string>{"nvidia.com/gpu"});
}

TEST(JobSpec, LimitsOfAContainer) {
  const ContainerLimits limits = LimitsOf(Item("25Mi").pod_specs(0).containers(0));
  EXPECT_EQ(limits.memory_bytes, 25 << 20);
  EXPECT_FALSE(limits.milli_cpu.has_value());
}

}  // namespace
}  // namespace armada::localstack
