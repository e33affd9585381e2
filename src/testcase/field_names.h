// The YAML keys of a message type and the messages written as scalars: the
// one walk over the descriptors that the reader (yaml_to_proto.h) and the
// JSON Schema (json_schema.h) share, so the two cannot disagree.
#pragma once

#include <google/protobuf/descriptor.h>

#include <map>
#include <string>
#include <vector>

namespace armada::testcase {

struct FieldNames {
  // Each key spelling (JSON name jobSetId and proto name job_set_id) to the
  // chain of fields from the message to the field; inline fields
  // (inline_fields.h) are walked through, so their members are keys of the
  // message itself.
  std::map<std::string, std::vector<const google::protobuf::FieldDescriptor*>> routes;
  // Preferred (JSON) spellings first, in field order, then the proto
  // spellings that differ.
  std::vector<std::string> spellings;
};

// The keys a mapping of type descriptor may have. REQUIRES: descriptor not null.
FieldNames FieldNamesOf(const google::protobuf::Descriptor* descriptor);

// Messages a test case writes as one YAML scalar.
enum class ScalarMessage {
  kNone,         // an ordinary message: a mapping of its fields
  kQuantity,     // Kubernetes Quantity: "25Mi", 100m, 2
  kIntOrString,  // Kubernetes IntOrString: an integer or a string
  kDuration,     // google.protobuf.Duration: a Go duration, "1m30s"
  kTimestamp,    // google.protobuf.Timestamp: an RFC 3339 time
};
ScalarMessage ScalarMessageOf(const google::protobuf::Descriptor* descriptor);

}  // namespace armada::testcase
