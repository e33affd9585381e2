#include "testcase/field_names.h"

#include "testcase/inline_fields.h"

namespace armada::testcase {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

FieldNames FieldNamesOf(const Descriptor* descriptor) {
  FieldNames table;
  std::vector<std::string> proto_spellings;
  std::vector<const FieldDescriptor*> chain;
  auto collect = [&](const Descriptor* d, auto& self) -> void {
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* field = d->field(i);
      chain.push_back(field);
      if (IsInlineField(field)) {
        self(field->message_type(), self);
      } else {
        table.routes.emplace(field->json_name(), chain);
        table.routes.emplace(field->name(), chain);
        table.spellings.push_back(field->json_name());
        if (field->name() != field->json_name()) proto_spellings.push_back(field->name());
      }
      chain.pop_back();
    }
  };
  collect(descriptor, collect);
  table.spellings.insert(table.spellings.end(), proto_spellings.begin(), proto_spellings.end());
  return table;
}

ScalarMessage ScalarMessageOf(const Descriptor* descriptor) {
  const std::string& name = descriptor->full_name();
  if (name == "k8s.io.apimachinery.pkg.api.resource.Quantity") return ScalarMessage::kQuantity;
  if (name == "k8s.io.apimachinery.pkg.util.intstr.IntOrString") {
    return ScalarMessage::kIntOrString;
  }
  if (name == "google.protobuf.Duration") return ScalarMessage::kDuration;
  if (name == "google.protobuf.Timestamp") return ScalarMessage::kTimestamp;
  return ScalarMessage::kNone;
}

}  // namespace armada::testcase
