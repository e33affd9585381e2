#include "testcase/inline_fields.h"

#include <set>
#include <string>
#include <utility>

namespace armada::testcase {

bool IsInlineField(const google::protobuf::FieldDescriptor* field) {
  // (message full name, field name). Only messages with Go `json:",inline"`
  // members belong here; Kubernetes' own API reference lists them.
  static const std::set<std::pair<std::string, std::string>> kInline = {
      {"k8s.io.api.core.v1.Volume", "volumeSource"},
      {"k8s.io.api.core.v1.ConfigMapKeySelector", "localObjectReference"},
      {"k8s.io.api.core.v1.SecretKeySelector", "localObjectReference"},
      {"k8s.io.api.core.v1.ConfigMapEnvSource", "localObjectReference"},
      {"k8s.io.api.core.v1.SecretEnvSource", "localObjectReference"},
      {"k8s.io.api.core.v1.ConfigMapVolumeSource", "localObjectReference"},
      {"k8s.io.api.core.v1.ConfigMapProjection", "localObjectReference"},
      {"k8s.io.api.core.v1.SecretProjection", "localObjectReference"},
      {"k8s.io.api.core.v1.Probe", "handler"},
      {"k8s.io.api.core.v1.EphemeralContainer", "ephemeralContainerCommon"},
  };
  if (field->message_type() == nullptr) return false;
  return kInline.count({field->containing_type()->full_name(), field->name()}) > 0;
}

}  // namespace armada::testcase
