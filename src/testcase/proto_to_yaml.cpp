#include "testcase/proto_to_yaml.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "testcase/duration.h"
#include "testcase/field_names.h"
#include "testcase/inline_fields.h"

namespace armada::testcase {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

void EmitFields(YAML::Emitter& out, const Message& message);

std::string DoubleText(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value < 0 ? "-.inf" : ".inf";
  char buffer[32];
  // 17 significant digits read back to the same double.
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

void EmitMessage(YAML::Emitter& out, const Message& message) {
  const auto* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  const ScalarMessage scalar = ScalarMessageOf(descriptor);
  if (scalar == ScalarMessage::kQuantity) {
    out << YAML::DoubleQuoted
        << reflection->GetString(message, descriptor->FindFieldByName("string"));
    return;
  }
  if (scalar == ScalarMessage::kIntOrString) {
    if (reflection->GetInt64(message, descriptor->FindFieldByName("type")) == 0) {
      out << reflection->GetInt32(message, descriptor->FindFieldByName("intVal"));
    } else {
      out << YAML::DoubleQuoted
          << reflection->GetString(message, descriptor->FindFieldByName("strVal"));
    }
    return;
  }
  if (scalar == ScalarMessage::kDuration) {
    google::protobuf::Duration duration;
    duration.CopyFrom(message);
    out << YAML::DoubleQuoted << FormatGoDuration(duration);
    return;
  }
  if (scalar == ScalarMessage::kTimestamp) {
    google::protobuf::Timestamp timestamp;
    timestamp.CopyFrom(message);
    out << YAML::DoubleQuoted << google::protobuf::util::TimeUtil::ToString(timestamp);
    return;
  }
  out << YAML::BeginMap;
  EmitFields(out, message);
  out << YAML::EndMap;
}

// One value of field: element index of a repeated field, or -1 for a singular one.
void EmitValue(YAML::Emitter& out, const Message& message, const FieldDescriptor* field,
               int index) {
  const Reflection* r = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      out << YAML::DoubleQuoted
          << (repeated ? r->GetRepeatedString(message, field, index)
                       : r->GetString(message, field));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      out << ((repeated ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field))
                  ? "true"
                  : "false");
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      out << (repeated ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      out << (repeated ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      out << (repeated ? r->GetRepeatedUInt32(message, field, index)
                       : r->GetUInt32(message, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      out << (repeated ? r->GetRepeatedUInt64(message, field, index)
                       : r->GetUInt64(message, field));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      out << DoubleText(repeated ? r->GetRepeatedDouble(message, field, index)
                                 : r->GetDouble(message, field));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      out << DoubleText(repeated ? r->GetRepeatedFloat(message, field, index)
                                 : r->GetFloat(message, field));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      out << (repeated ? r->GetRepeatedEnum(message, field, index) : r->GetEnum(message, field))
                 ->name();
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      EmitMessage(out, repeated ? r->GetRepeatedMessage(message, field, index)
                                : r->GetMessage(message, field));
      break;
  }
}

void EmitMap(YAML::Emitter& out, const Message& message, const FieldDescriptor* field) {
  const Reflection* reflection = message.GetReflection();
  const FieldDescriptor* key_field = field->message_type()->map_key();
  const FieldDescriptor* value_field = field->message_type()->map_value();
  // Map order in memory is unspecified; sorting keeps the output stable.
  std::vector<std::pair<std::string, const Message*>> entries;
  for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
    const Message& entry = reflection->GetRepeatedMessage(message, field, i);
    const Reflection* er = entry.GetReflection();
    std::string key;
    switch (key_field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        key = er->GetString(entry, key_field);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        key = std::to_string(er->GetInt32(entry, key_field));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        key = std::to_string(er->GetInt64(entry, key_field));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        key = std::to_string(er->GetUInt32(entry, key_field));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        key = std::to_string(er->GetUInt64(entry, key_field));
        break;
      default:
        key = er->GetBool(entry, key_field) ? "true" : "false";
        break;
    }
    entries.emplace_back(std::move(key), &entry);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out << YAML::BeginMap;
  for (const auto& [key, entry] : entries) {
    out << YAML::Key;
    if (key_field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      out << YAML::DoubleQuoted << key;
    } else {
      out << key;
    }
    out << YAML::Value;
    EmitValue(out, *entry, value_field, -1);
  }
  out << YAML::EndMap;
}

void EmitFields(YAML::Emitter& out, const Message& message) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_BYTES) continue;
    if (IsInlineField(field)) {
      EmitFields(out, reflection->GetMessage(message, field));
      continue;
    }
    out << YAML::Key << field->json_name() << YAML::Value;
    if (field->is_map()) {
      EmitMap(out, message, field);
    } else if (field->is_repeated()) {
      out << YAML::BeginSeq;
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        EmitValue(out, message, field, i);
      }
      out << YAML::EndSeq;
    } else {
      EmitValue(out, message, field, -1);
    }
  }
}

}  // namespace

std::string MessageToYaml(const Message& message) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  EmitFields(out, message);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace armada::testcase
