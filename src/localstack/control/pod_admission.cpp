#include "localstack/control/pod_admission.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "localstack/pod/pod_identity.h"
#include "localstack/pod/run_as.h"

// pod_spec is deprecated in favour of pod_specs; clients still send it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {
namespace {

Status Resolve(ContainerSpec& c, const LocalstackSettings& settings) {
  const config::Image* image = settings.FindImage(c.image());
  if (image == nullptr) {
    return Status::Error(
        "Unable to start pod - encountered an unrecoverable problem.\nContainer " + c.name() +
        ": ErrImagePull: image \"" + c.image() +
        "\" is not in armada-localstack's image table; to run it, add it under `images:` in "
        "armada-localstack's config (e2e-config/localstack.yaml) with the ENTRYPOINT and CMD it "
        "has");
  }
  if (c.command().empty()) {
    google::protobuf::RepeatedPtrField<std::string> argv;
    argv.Add(image->entrypoint().begin(), image->entrypoint().end());
    if (c.args().empty()) {
      argv.Add(image->cmd().begin(), image->cmd().end());
    } else {
      argv.Add(c.args().begin(), c.args().end());
    }
    *c.mutable_command() = std::move(argv);
  } else {
    c.mutable_command()->Add(c.args().begin(), c.args().end());
  }
  c.clear_args();
  if (c.command().empty()) {
    return Status::Error("Container " + c.name() +
                         ": CreateContainerError: no command specified (the image \"" + c.image() +
                         "\" has no ENTRYPOINT or CMD and the container no command)");
  }
  if (image->busybox_userland()) {
    // First, so that the spec's own PATH, if any, still wins.
    auto& env = *c.mutable_env();
    auto* path = env.Add();
    path->set_name("PATH");
    path->set_value(std::string(kBusyboxAppletDir) + ":" + kDefaultContainerPath);
    for (int i = env.size() - 1; i > 0; --i) env.SwapElements(i, i - 1);
  }
  return Status();
}

// The first volume whose source armada-localstack cannot give a pod (any
// but emptyDir and hostPath: the others are Kubernetes objects, a storage
// driver or a projection the kubelet makes), naming the source's field.
std::optional<KubernetesNeed> VolumeNeedingKubernetes(const PodSpec& spec,
                                                      const std::string& pod_field) {
  for (int i = 0; i < spec.volumes_size(); ++i) {
    const auto& source = spec.volumes(i).volumesource();
    if (source.has_emptydir() || source.has_hostpath()) continue;
    std::vector<const google::protobuf::FieldDescriptor*> set;
    source.GetReflection()->ListFields(source, &set);
    const std::string kind = set.empty() ? std::string("volumeSource") : set.front()->name();
    return KubernetesNeed{
        pod_field + ".volumes[" + std::to_string(i) + "]." + kind,
        "a " + kind +
            " volume needs Kubernetes (armada-localstack gives pods emptyDir and "
            "hostPath volumes only): run this test on a Kubernetes cluster (e.g. kind)"};
  }
  return std::nullopt;
}

constexpr char kRunOnCluster[] = ": run this test on a Kubernetes cluster (e.g. kind)";

// The first pod or container field asking for what a node gives and
// armada-localstack never does: the host's namespaces or ports, a privileged
// container (it runs jobs as root on someone's machine), a runtime handler,
// claims on dynamically allocated resources.
std::optional<KubernetesNeed> NodeFeatureNeedingKubernetes(const PodSpec& spec,
                                                           const std::string& pod_field) {
  const auto need = [&](const std::string& field, const std::string& what) {
    return KubernetesNeed{pod_field + "." + field, what + kRunOnCluster};
  };
  const std::pair<bool, const char*> host_namespaces[] = {
      {spec.hostnetwork(), "hostNetwork"},
      {spec.hostpid(), "hostPID"},
      {spec.hostipc(), "hostIPC"},
  };
  for (const auto& [set, field] : host_namespaces) {
    if (set) {
      return need(field, std::string(field) +
                             " puts the pod in the node's own namespace; armada-localstack "
                             "gives every pod its own and never the host's");
    }
  }
  if (spec.shareprocessnamespace()) {
    return need("shareProcessNamespace",
                "containers sharing one process namespace: armada-localstack gives each "
                "container its own");
  }
  if (spec.has_runtimeclassname()) {
    return need("runtimeClassName",
                "a RuntimeClass names a node's container runtime handler, which "
                "armada-localstack does not have");
  }
  if (!spec.resourceclaims().empty()) {
    return need("resourceClaims",
                "resource claims are Kubernetes ResourceClaim objects (dynamic resource "
                "allocation), which armada-localstack does not have");
  }
  if (const std::optional<std::string> id = UnmappableRunAsId(spec, pod_field)) {
    return KubernetesNeed{*id, "an id from " + std::to_string(kContainerIds) +
                                   " up is beyond the ids armada-localstack maps into a "
                                   "container's user namespace" +
                                   kRunOnCluster};
  }
  if (const std::optional<NonRootBreach> root = RootDespiteRunAsNonRoot(spec, pod_field)) {
    // The pod waits in CreateContainerConfigError and Armada's executor
    // retries it (its podChecks' default, config/executor/config.yaml@v0.22.7):
    // how a cluster ends that is its own.
    return KubernetesNeed{root->field, "a kubelet would not create this container (" +
                                           root->kubelet_error +
                                           ") and Armada would retry the pod" + kRunOnCluster};
  }
  std::optional<KubernetesNeed> found;
  ForEachContainer(spec, [&](const ContainerSpec& c, const std::string& where) {
    if (found) return;
    if (c.has_securitycontext() && c.securitycontext().privileged()) {
      found = need(where + ".securityContext.privileged",
                   "a privileged container gets the host's devices and every capability, which "
                   "armada-localstack never gives");
    } else if (!c.resources().claims().empty()) {
      found = need(where + ".resources.claims",
                   "resource claims are Kubernetes ResourceClaim objects, which "
                   "armada-localstack does not have");
    }
    for (int i = 0; !found && i < c.ports_size(); ++i) {
      if (c.ports(i).hostport() != 0) {
        found = need(where + ".ports[" + std::to_string(i) + "].hostPort",
                     "a host port is a port of the node's own network, which armada-localstack "
                     "never gives a pod");
      }
    }
  });
  return found;
}

}  // namespace

std::optional<KubernetesNeed> NeedsKubernetes(const api::JobSubmitRequestItem& item,
                                              const std::string& field,
                                              const LocalstackSettings& settings) {
  if (!item.services().empty()) {
    return KubernetesNeed{field + ".services",
                          "services are Kubernetes Service objects, which armada-localstack does "
                          "not have: run this test on a Kubernetes cluster (e.g. kind)"};
  }
  const std::string pod_field = field + (item.pod_specs_size() > 0 ? ".pod_specs[0]" : ".pod_spec");
  const PodSpec& spec = PodSpecOf(item);
  if (spec.has_automountserviceaccounttoken() && spec.automountserviceaccounttoken()) {
    return KubernetesNeed{pod_field + ".automountServiceAccountToken",
                          "a service-account token is for talking to a Kubernetes API, which "
                          "armada-localstack does not have: run this test on a Kubernetes "
                          "cluster (e.g. kind)"};
  }
  if (std::optional<KubernetesNeed> volume = VolumeNeedingKubernetes(spec, pod_field)) {
    return volume;
  }
  if (std::optional<KubernetesNeed> node = NodeFeatureNeedingKubernetes(spec, pod_field)) {
    return node;
  }
  std::optional<KubernetesNeed> need;
  ForEachContainer(spec, [&](const ContainerSpec& c, const std::string& where) {
    if (need) return;
    const config::Image* image = settings.FindImage(c.image());
    if (image != nullptr && image->needs_kubernetes_api()) {
      need = KubernetesNeed{pod_field + "." + where + ".image",
                            "image \"" + c.image() +
                                "\" needs a Kubernetes API (armada-localstack's image table says "
                                "so): run this test on a Kubernetes cluster (e.g. kind)"};
    }
  });
  return need;
}

std::optional<std::string> PodCreationError(const PodSpec& spec, const std::string& pod_namespace,
                                            const LocalstackSettings& settings) {
  if (!settings.HasNamespace(pod_namespace)) {
    return "namespaces \"" + pod_namespace + "\" not found";
  }
  if (spec.ephemeralcontainers_size() > 0) {
    // Ephemeral containers are added to a running pod, never created with it.
    return std::string(
        "Pod is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create");
  }
  if (const std::optional<std::string> invalid = InvalidRunAsId(spec, "spec")) {
    return "Pod is invalid: " + *invalid;
  }
  std::optional<std::string> error;
  ForEachContainer(spec, [&](const ContainerSpec& c, const std::string& where) {
    if (!error && c.image().empty()) {
      error = "Pod is invalid: spec." + where + ".image: Required value";
    }
  });
  return error;
}

StatusOr<PodSpec> ResolveImages(const PodSpec& spec, const LocalstackSettings& settings) {
  PodSpec resolved = spec;
  for (auto& c : *resolved.mutable_initcontainers()) {
    if (Status s = Resolve(c, settings); !s.ok()) return s;
  }
  for (auto& c : *resolved.mutable_containers()) {
    if (Status s = Resolve(c, settings); !s.ok()) return s;
  }
  return resolved;
}

namespace {

// One requirement of a node selector term against `value`, the label's (or
// for matchFields, the field's) value, absent when the node has none.
bool Meets(const k8s::io::api::core::v1::NodeSelectorRequirement& requirement,
           const std::optional<std::string>& value) {
  const auto& values = requirement.values();
  const std::string& op = requirement.operator_();
  const bool listed = value && std::find(values.begin(), values.end(), *value) != values.end();
  if (op == "In") return listed;
  if (op == "NotIn") return !listed;
  if (op == "Exists") return value.has_value();
  if (op == "DoesNotExist") return !value.has_value();
  if ((op == "Gt" || op == "Lt") && value && values.size() == 1) {
    // Kubernetes compares both as integers; a label that is not one fails.
    char* end = nullptr;
    const long long have = std::strtoll(value->c_str(), &end, 10);
    if (value->empty() || *end != '\0') return false;
    const long long bound = std::strtoll(values[0].c_str(), &end, 10);
    if (values[0].empty() || *end != '\0') return false;
    return op == "Gt" ? have > bound : have < bound;
  }
  // An unknown operator matches nothing, as the API server would refuse it.
  return false;
}

// A term holds when all its requirements do; an empty term matches nothing.
bool TermMatches(const k8s::io::api::core::v1::NodeSelectorTerm& term, const config::Node& node) {
  if (term.matchexpressions().empty() && term.matchfields().empty()) return false;
  for (const auto& requirement : term.matchexpressions()) {
    const auto label = node.labels().find(requirement.key());
    if (!Meets(requirement,
               label == node.labels().end() ? std::nullopt : std::optional(label->second))) {
      return false;
    }
  }
  for (const auto& requirement : term.matchfields()) {
    // metadata.name is the only field Kubernetes lets a term select on.
    if (requirement.key() != "metadata.name" || !Meets(requirement, node.name())) return false;
  }
  return true;
}

}  // namespace

bool NodeAccepts(const config::Node& node, const PodSpec& spec) {
  for (const auto& [key, value] : spec.nodeselector()) {
    const auto it = node.labels().find(key);
    if (it == node.labels().end() || it->second != value) return false;
  }
  const auto& affinity = spec.affinity().nodeaffinity();
  if (affinity.has_requiredduringschedulingignoredduringexecution()) {
    const auto& terms =
        affinity.requiredduringschedulingignoredduringexecution().nodeselectorterms();
    if (std::none_of(terms.begin(), terms.end(),
                     [&](const auto& term) { return TermMatches(term, node); })) {
      return false;
    }
  }
  for (const auto& taint : node.taints()) {
    if (taint.effect() == "PreferNoSchedule") continue;
    bool tolerated = false;
    for (const auto& t : spec.tolerations()) {
      const bool exists = t.operator_() == "Exists";
      const bool key_matches = t.key().empty() ? exists : t.key() == taint.key();
      const bool value_matches = exists || t.value() == taint.value();
      const bool effect_matches = t.effect().empty() || t.effect() == taint.effect();
      tolerated = tolerated || (key_matches && value_matches && effect_matches);
    }
    if (!tolerated) return false;
  }
  return true;
}

}  // namespace armada::localstack
