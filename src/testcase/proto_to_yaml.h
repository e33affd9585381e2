// Writes protobuf messages as YAML in the notation yaml_to_proto.h reads, so
// a loaded test case can be shown, saved or compared after a round trip.
#pragma once

#include <google/protobuf/message.h>

#include <string>

namespace armada::testcase {

// The message as a YAML mapping: fields the message sets (proto3 presence
// rules), under their JSON names; Kubernetes inline fields flattened; quantity,
// IntOrString, duration and timestamp as scalars; strings double-quoted so no
// text is mistaken for another type; map entries sorted by key. Reading the
// result back gives an equal message. bytes fields are left out, since the
// reader does not accept them.
std::string MessageToYaml(const google::protobuf::Message& message);

}  // namespace armada::testcase
