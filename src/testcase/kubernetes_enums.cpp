#include "testcase/kubernetes_enums.h"

#include <algorithm>
#include <map>

#include "testcase/edit_distance.h"

namespace armada::testcase {

const std::vector<std::string>* KubernetesEnumValues(
    const google::protobuf::FieldDescriptor* field) {
  // By the field's full name; values as k8s.io/api/core/v1 (and meta/v1)
  // types.go lists them.
  static const auto* const kValues = new std::map<std::string, std::vector<std::string>>{
      {"k8s.io.api.core.v1.PodSpec.restartPolicy", {"Always", "OnFailure", "Never"}},
      {"k8s.io.api.core.v1.PodSpec.dnsPolicy",
       {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}},
      {"k8s.io.api.core.v1.PodSpec.preemptionPolicy", {"PreemptLowerPriority", "Never"}},
      {"k8s.io.api.core.v1.Container.restartPolicy", {"Always"}},
      {"k8s.io.api.core.v1.Container.terminationMessagePolicy", {"File", "FallbackToLogsOnError"}},
      {"k8s.io.api.core.v1.Container.imagePullPolicy", {"Always", "Never", "IfNotPresent"}},
      {"k8s.io.api.core.v1.Toleration.operator", {"Exists", "Equal"}},
      {"k8s.io.api.core.v1.Toleration.effect", {"NoSchedule", "PreferNoSchedule", "NoExecute"}},
      {"k8s.io.api.core.v1.ContainerPort.protocol", {"TCP", "UDP", "SCTP"}},
      {"k8s.io.api.core.v1.ContainerResizePolicy.restartPolicy",
       {"NotRequired", "RestartContainer"}},
      {"k8s.io.api.core.v1.NodeSelectorRequirement.operator",
       {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"}},
      {"k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement.operator",
       {"In", "NotIn", "Exists", "DoesNotExist"}},
  };
  const auto found = kValues->find(field->full_name());
  return found == kValues->end() ? nullptr : &found->second;
}

std::optional<std::string> KubernetesEnumError(const google::protobuf::FieldDescriptor* field,
                                               const std::string& value) {
  const std::vector<std::string>* values = KubernetesEnumValues(field);
  if (values == nullptr || value.empty() ||
      std::find(values->begin(), values->end(), value) != values->end()) {
    return std::nullopt;
  }
  std::string list;
  for (const std::string& v : *values) list += (list.empty() ? "" : ", ") + v;
  std::string message = "\"" + value + "\" is not a value Kubernetes accepts for " + field->name() +
                        " (" + list + ")";
  if (auto closest = ClosestName(value, *values)) message += "; did you mean \"" + *closest + "\"?";
  return message;
}

}  // namespace armada::testcase
