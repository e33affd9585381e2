// The values Kubernetes accepts for the string fields of core/v1 that are
// enums in its Go types (restartPolicy, imagePullPolicy, a toleration's
// operator, ...): the API server refuses any other ("Unsupported value"),
// so a test case that misspells one can never pass. The loader checks them
// where it reads the field, with the value's position.
#pragma once

#include <google/protobuf/descriptor.h>

#include <optional>
#include <string>
#include <vector>

namespace armada::testcase {

// The values field accepts (k8s.io/api/core/v1 types.go), nullptr for a
// field that is no enum. The empty string is always accepted (the default).
const std::vector<std::string>* KubernetesEnumValues(
    const google::protobuf::FieldDescriptor* field);

// The error for value of field, naming the accepted values and the nearest
// one; nullopt when value is accepted or field is no enum.
std::optional<std::string> KubernetesEnumError(const google::protobuf::FieldDescriptor* field,
                                               const std::string& value);

}  // namespace armada::testcase
