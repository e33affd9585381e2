// Kubernetes' Go types embed some structs with `json:",inline"`: their fields
// appear in YAML beside the embedding struct's own, with no key of their own.
// The generated protos keep them as ordinary sub-message fields, so the YAML
// reader and writer must know which fields to flatten.
#pragma once

#include <google/protobuf/descriptor.h>

namespace armada::testcase {

// Whether field is one of the inline (embedded) fields of the Kubernetes
// messages this project uses, e.g. Volume.volumeSource, Probe.handler,
// EphemeralContainer.ephemeralContainerCommon and the
// localObjectReference of the key selectors and env/volume sources.
// Precondition: field is not null. An inline field is always a message field.
bool IsInlineField(const google::protobuf::FieldDescriptor* field);

}  // namespace armada::testcase
