#include "localstack/control/pod_admission.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace armada::localstack {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

LocalstackSettings Settings() {
  auto settings = ParseLocalstackConfig(R"(
images:
  - name: alpine
    cmd: ["/bin/sh"]
  - name: tool
    entrypoint: ["/usr/bin/tool", "--quiet"]
    cmd: ["--help"]
  - name: empty
  - name: kubectl
    entrypoint: [kubectl]
    needsKubernetesApi: true
namespaces: [default]
)",
                                        "localstack.yaml");
  EXPECT_TRUE(settings.ok()) << settings.status().message();
  return *settings;
}

PodSpec Pod(const std::string& image, std::vector<std::string> command,
            std::vector<std::string> args) {
  PodSpec pod;
  auto* c = pod.add_containers();
  c->set_name("main");
  c->set_image(image);
  for (auto& s : command) c->add_command(s);
  for (auto& s : args) c->add_args(s);
  return pod;
}

std::vector<std::string> Argv(const StatusOr<PodSpec>& pod) {
  EXPECT_TRUE(pod.ok()) << pod.status().message();
  if (!pod.ok()) return {};
  EXPECT_TRUE(pod->containers(0).args().empty());
  const auto& command = pod->containers(0).command();
  return {command.begin(), command.end()};
}

TEST(PodAdmission, ArgvFollowsKubernetesEntrypointRules) {
  const LocalstackSettings s = Settings();
  // command given: the image's entrypoint and cmd are ignored.
  EXPECT_THAT(Argv(ResolveImages(Pod("tool", {"sh", "-c"}, {"true"}), s)),
              ElementsAre("sh", "-c", "true"));
  // args only: entrypoint + args (alpine has none: args are the argv).
  EXPECT_THAT(Argv(ResolveImages(Pod("tool", {}, {"run"}), s)),
              ElementsAre("/usr/bin/tool", "--quiet", "run"));
  EXPECT_THAT(Argv(ResolveImages(Pod("alpine:3.20.0", {}, {"sleep", "1"}), s)),
              ElementsAre("sleep", "1"));
  // Neither: entrypoint + cmd.
  EXPECT_THAT(Argv(ResolveImages(Pod("tool", {}, {}), s)),
              ElementsAre("/usr/bin/tool", "--quiet", "--help"));
  EXPECT_THAT(Argv(ResolveImages(Pod("alpine", {}, {}), s)), ElementsAre("/bin/sh"));
  auto nothing = ResolveImages(Pod("empty", {}, {}), s);
  ASSERT_FALSE(nothing.ok());
  EXPECT_THAT(nothing.status().message(), HasSubstr("no command specified"));
}

TEST(PodAdmission, AnUnknownImageIsAnImagePullFailureSayingHowToAddIt) {
  auto pod = ResolveImages(Pod("some-non-existing-image:1.2.3", {}, {"ls"}), Settings());
  ASSERT_FALSE(pod.ok());
  EXPECT_THAT(pod.status().message(), AllOf(HasSubstr("Container main: ErrImagePull"),
                                            HasSubstr("\"some-non-existing-image:1.2.3\""),
                                            HasSubstr("images:"), HasSubstr("ENTRYPOINT and CMD")));
}

TEST(PodAdmission, PodCreationNeedsAKnownNamespaceAndImages) {
  const LocalstackSettings s = Settings();
  EXPECT_FALSE(PodCreationError(Pod("alpine", {"true"}, {}), "default", s));
  EXPECT_EQ(PodCreationError(Pod("alpine", {"true"}, {}), "invalid-namespace", s),
            "namespaces \"invalid-namespace\" not found");
  EXPECT_EQ(PodCreationError(Pod("", {"true"}, {}), "default", s),
            "Pod is invalid: spec.containers[0].image: Required value");
}

TEST(PodAdmission, KubernetesOnlyFeaturesNameTheirField) {
  const LocalstackSettings s = Settings();
  api::JobSubmitRequestItem item;
  *item.add_pod_specs() = Pod("alpine", {"true"}, {});
  EXPECT_FALSE(NeedsKubernetes(item, "job_request_items[0]", s));
  // A pod without a service account token asked for explicitly is fine.
  item.mutable_pod_specs(0)->set_automountserviceaccounttoken(false);
  EXPECT_FALSE(NeedsKubernetes(item, "job_request_items[0]", s));

  api::JobSubmitRequestItem init = item;
  auto* c = init.mutable_pod_specs(0)->add_initcontainers();
  c->set_image("kubectl:1");
  EXPECT_EQ(NeedsKubernetes(init, "job_request_items[2]", s)->field,
            "job_request_items[2].pod_specs[0].initContainers[0].image");
  api::JobSubmitRequestItem service = item;
  service.add_services()->add_ports(80);
  EXPECT_EQ(NeedsKubernetes(service, "job_request_items[0]", s)->field,
            "job_request_items[0].services");
}

TEST(PodAdmission, AVolumeOtherThanEmptyDirOrHostPathNeedsKubernetesNamingItsSource) {
  const LocalstackSettings s = Settings();
  api::JobSubmitRequestItem item;
  *item.add_pod_specs() = Pod("alpine", {"true"}, {});
  auto* scratch = item.mutable_pod_specs(0)->add_volumes();
  scratch->set_name("scratch");
  scratch->mutable_volumesource()->mutable_emptydir();
  EXPECT_FALSE(NeedsKubernetes(item, "job_request_items[0]", s));
  auto* projected = item.mutable_pod_specs(0)->add_volumes();
  projected->set_name("token");
  projected->mutable_volumesource()
      ->mutable_projected()
      ->add_sources()
      ->mutable_serviceaccounttoken()
      ->set_path("token");
  const auto need = NeedsKubernetes(item, "job_request_items[0]", s);
  ASSERT_TRUE(need);
  EXPECT_EQ(need->field, "job_request_items[0].pod_specs[0].volumes[1].projected");
  EXPECT_THAT(need->message, HasSubstr("a projected volume needs Kubernetes"));
  projected->mutable_volumesource()->clear_projected();
  projected->mutable_volumesource()->mutable_nfs()->set_server("nfs.example");
  EXPECT_EQ(NeedsKubernetes(item, "job_request_items[0]", s)->field,
            "job_request_items[0].pod_specs[0].volumes[1].nfs");
}

TEST(PodAdmission, WhatOnlyANodeGivesNeedsKubernetesNamingTheField) {
  const LocalstackSettings s = Settings();
  api::JobSubmitRequestItem plain;
  *plain.add_pod_specs() = Pod("alpine", {"true"}, {});
  // Set to false, each is what armada-localstack gives anyway.
  plain.mutable_pod_specs(0)->set_hostnetwork(false);
  plain.mutable_pod_specs(0)->set_shareprocessnamespace(false);
  plain.mutable_pod_specs(0)->mutable_containers(0)->mutable_securitycontext()->set_privileged(
      false);
  plain.mutable_pod_specs(0)->mutable_containers(0)->add_ports()->set_containerport(8080);
  EXPECT_FALSE(NeedsKubernetes(plain, "job_request_items[0]", s));

  const auto field_of = [&](const std::function<void(PodSpec&)>& change) {
    api::JobSubmitRequestItem item = plain;
    change(*item.mutable_pod_specs(0));
    const auto need = NeedsKubernetes(item, "job_request_items[1]", s);
    if (!need) return std::string("accepted");
    EXPECT_THAT(need->message, HasSubstr("run this test on a Kubernetes cluster"));
    return need->field;
  };
  const std::string pod = "job_request_items[1].pod_specs[0].";
  EXPECT_EQ(field_of([](PodSpec& p) { p.set_hostnetwork(true); }), pod + "hostNetwork");
  EXPECT_EQ(field_of([](PodSpec& p) { p.set_hostpid(true); }), pod + "hostPID");
  EXPECT_EQ(field_of([](PodSpec& p) { p.set_hostipc(true); }), pod + "hostIPC");
  EXPECT_EQ(field_of([](PodSpec& p) { p.set_shareprocessnamespace(true); }),
            pod + "shareProcessNamespace");
  EXPECT_EQ(field_of([](PodSpec& p) { p.set_runtimeclassname("gvisor"); }),
            pod + "runtimeClassName");
  EXPECT_EQ(field_of([](PodSpec& p) { p.add_resourceclaims()->set_name("gpu"); }),
            pod + "resourceClaims");
  EXPECT_EQ(field_of([](PodSpec& p) {
              p.mutable_containers(0)->mutable_securitycontext()->set_privileged(true);
            }),
            pod + "containers[0].securityContext.privileged");
  EXPECT_EQ(field_of([](PodSpec& p) {
              p.mutable_containers(0)->mutable_resources()->add_claims()->set_name("gpu");
            }),
            pod + "containers[0].resources.claims");
  EXPECT_EQ(field_of([](PodSpec& p) { p.mutable_containers(0)->add_ports()->set_hostport(80); }),
            pod + "containers[0].ports[1].hostPort");
}

TEST(PodAdmission, RunAsNonRootOverARootContainerNeedsKubernetesWithTheKubeletsWords) {
  const LocalstackSettings s = Settings();
  api::JobSubmitRequestItem item;
  *item.add_pod_specs() = Pod("alpine", {"true"}, {});
  PodSpec& pod = *item.mutable_pod_specs(0);
  pod.mutable_securitycontext()->set_runasnonroot(true);
  auto need = NeedsKubernetes(item, "job_request_items[0]", s);
  ASSERT_TRUE(need);
  EXPECT_EQ(need->field, "job_request_items[0].pod_specs[0].securityContext.runAsNonRoot");
  EXPECT_THAT(need->message, HasSubstr("container has runAsNonRoot and image will run as root"));

  // A non-root user satisfies it; the container's own settings win.
  pod.mutable_securitycontext()->set_runasuser(1000);
  EXPECT_FALSE(NeedsKubernetes(item, "job_request_items[0]", s));
  auto* container = pod.mutable_containers(0)->mutable_securitycontext();
  container->set_runasuser(0);
  need = NeedsKubernetes(item, "job_request_items[0]", s);
  ASSERT_TRUE(need);
  EXPECT_THAT(need->message, HasSubstr("container's runAsUser breaks non-root policy"));
  container->set_runasnonroot(false);
  EXPECT_FALSE(NeedsKubernetes(item, "job_request_items[0]", s));
  container->set_runasnonroot(true);
  EXPECT_EQ(NeedsKubernetes(item, "job_request_items[0]", s)->field,
            "job_request_items[0].pod_specs[0].containers[0].securityContext.runAsNonRoot");
}

TEST(PodAdmission, ASecurityContextIdOutOfRangeIsThePodsCreationError) {
  const LocalstackSettings s = Settings();
  PodSpec pod = Pod("alpine", {"true"}, {});
  pod.mutable_securitycontext()->set_runasuser(-5);
  EXPECT_EQ(PodCreationError(pod, "default", s),
            "Pod is invalid: spec.securityContext.runAsUser: Invalid value: -5: must be between 0 "
            "and 2147483647, inclusive");
}

TEST(PodAdmission, EphemeralContainersAreRefusedOnCreateAsKubernetesDoes) {
  const LocalstackSettings s = Settings();
  PodSpec pod = Pod("alpine", {"true"}, {});
  pod.add_ephemeralcontainers()->mutable_ephemeralcontainercommon()->set_name("debug");
  EXPECT_EQ(PodCreationError(pod, "default", s),
            "Pod is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create");
}

TEST(PodAdmission, NodeSelectorAndTaints) {
  config::Node node;
  (*node.mutable_labels())["pool"] = "a";
  PodSpec pod = Pod("alpine", {"true"}, {});
  EXPECT_TRUE(NodeAccepts(node, pod));
  (*pod.mutable_nodeselector())["pool"] = "b";
  EXPECT_FALSE(NodeAccepts(node, pod));
  (*pod.mutable_nodeselector())["pool"] = "a";
  EXPECT_TRUE(NodeAccepts(node, pod));

  auto* taint = node.add_taints();
  taint->set_key("t");
  taint->set_value("x");
  taint->set_effect("NoSchedule");
  EXPECT_FALSE(NodeAccepts(node, pod));
  auto* toleration = pod.add_tolerations();
  toleration->set_key("t");
  toleration->set_operator_("Equal");
  toleration->set_value("y");
  EXPECT_FALSE(NodeAccepts(node, pod)) << "another value";
  toleration->set_value("x");
  EXPECT_TRUE(NodeAccepts(node, pod)) << "no effect tolerates every effect";
  toleration->set_effect("NoExecute");
  EXPECT_FALSE(NodeAccepts(node, pod));
  toleration->clear_effect();
  toleration->clear_key();
  toleration->set_operator_("Exists");
  EXPECT_TRUE(NodeAccepts(node, pod)) << "Exists without a key tolerates everything";
  taint->set_effect("PreferNoSchedule");
  pod.clear_tolerations();
  EXPECT_TRUE(NodeAccepts(node, pod)) << "a preference does not keep a job off";
}

// Adds a term of one requirement to the pod's required node affinity.
void Require(PodSpec* pod, const std::string& key, const std::string& op,
             std::vector<std::string> values, bool field = false) {
  auto* term = pod->mutable_affinity()
                   ->mutable_nodeaffinity()
                   ->mutable_requiredduringschedulingignoredduringexecution()
                   ->add_nodeselectorterms();
  auto* requirement = field ? term->add_matchfields() : term->add_matchexpressions();
  requirement->set_key(key);
  requirement->set_operator_(op);
  for (auto& v : values) requirement->add_values(v);
}

TEST(PodAdmission, RequiredNodeAffinity) {
  config::Node node;
  node.set_name("ops");
  (*node.mutable_labels())["armadaproject.io/node-pool"] = "node-ops";
  (*node.mutable_labels())["gpus"] = "2";
  const PodSpec plain = Pod("alpine", {"true"}, {});
  const auto accepts = [&](const std::string& key, const std::string& op,
                           std::vector<std::string> values, bool field = false) {
    PodSpec pod = plain;
    Require(&pod, key, op, std::move(values), field);
    return NodeAccepts(node, pod);
  };
  EXPECT_TRUE(accepts("armadaproject.io/node-pool", "In", {"a", "node-ops"}));
  EXPECT_FALSE(accepts("armadaproject.io/node-pool", "In", {"a"}));
  EXPECT_FALSE(accepts("armadaproject.io/node-pool", "NotIn", {"node-ops"}));
  EXPECT_TRUE(accepts("zone", "NotIn", {"x"})) << "a missing label is in no list";
  EXPECT_TRUE(accepts("gpus", "Exists", {}));
  EXPECT_FALSE(accepts("zone", "Exists", {}));
  EXPECT_TRUE(accepts("zone", "DoesNotExist", {}));
  EXPECT_TRUE(accepts("gpus", "Gt", {"1"}));
  EXPECT_FALSE(accepts("gpus", "Lt", {"2"}));
  EXPECT_FALSE(accepts("armadaproject.io/node-pool", "Gt", {"1"})) << "not an integer";
  EXPECT_FALSE(accepts("gpus", "Near", {"2"}));
  EXPECT_TRUE(accepts("metadata.name", "In", {"ops"}, /*field=*/true));
  EXPECT_FALSE(accepts("metadata.name", "NotIn", {"ops"}, /*field=*/true));

  // Terms are ORed, a term's requirements ANDed.
  PodSpec pod = plain;
  Require(&pod, "gpus", "In", {"8"});
  EXPECT_FALSE(NodeAccepts(node, pod));
  Require(&pod, "gpus", "In", {"2"});
  EXPECT_TRUE(NodeAccepts(node, pod));
  auto* both = pod.mutable_affinity()
                   ->mutable_nodeaffinity()
                   ->mutable_requiredduringschedulingignoredduringexecution()
                   ->mutable_nodeselectorterms(1);
  auto* second = both->add_matchexpressions();
  second->set_key("zone");
  second->set_operator_("Exists");
  EXPECT_FALSE(NodeAccepts(node, pod));

  // Required affinity with no term, or an empty term, matches no node.
  PodSpec none = plain;
  none.mutable_affinity()
      ->mutable_nodeaffinity()
      ->mutable_requiredduringschedulingignoredduringexecution();
  EXPECT_FALSE(NodeAccepts(node, none));
  none.mutable_affinity()
      ->mutable_nodeaffinity()
      ->mutable_requiredduringschedulingignoredduringexecution()
      ->add_nodeselectorterms();
  EXPECT_FALSE(NodeAccepts(node, none));
  // A preference alone does not keep a job off.
  PodSpec preferring = plain;
  preferring.mutable_affinity()
      ->mutable_nodeaffinity()
      ->add_preferredduringschedulingignoredduringexecution()
      ->set_weight(1);
  EXPECT_TRUE(NodeAccepts(node, preferring));
}

}  // namespace
}  // namespace armada::localstack
