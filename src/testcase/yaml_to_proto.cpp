#include "testcase/yaml_to_proto.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "common/quantity.h"
#include "testcase/duration.h"
#include "testcase/edit_distance.h"
#include "testcase/field_names.h"
#include "testcase/kubernetes_enums.h"
#include "testcase/merge_keys.h"
#include "testcase/scalar_kind.h"
#include "testcase/yaml_integer.h"

namespace armada::testcase {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

// Messages written as a YAML scalar rather than a mapping.
bool IsScalarMessage(const Descriptor* descriptor) {
  return ScalarMessageOf(descriptor) != ScalarMessage::kNone;
}

SourcePosition At(const YAML::Node& node, SourcePosition fallback) {
  // An empty value's mark points past it, often to the next line; its key is
  // the better place to point at.
  if (!node.IsDefined() || node.IsNull()) return fallback;
  return PositionOf(node.Mark());
}

bool IsPlainName(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

std::string FieldPath(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "." + name;
}

// Map entries whose keys are not plain names (labels like
// armadaproject.io/gangId) get a bracketed, quoted key so the path stays readable.
std::string MapEntryPath(const std::string& parent, const std::string& key) {
  if (IsPlainName(key)) return FieldPath(parent, key);
  return parent + "[\"" + key + "\"]";
}

std::string ExpectedOf(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return "a string";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true or false";
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return "an integer";
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return "a non-negative integer";
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return "a number";
    case FieldDescriptor::CPPTYPE_ENUM:
      return "one of " + field->enum_type()->name() + "'s values";
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return "a mapping (" + field->message_type()->name() + ")";
  }
  return "a value";
}

// A plain scalar's text as Armada's loader passes it on where text is wanted:
// an integer as the decimal number go-yaml read (`012` is "10", `0x1A` is
// "26"), anything else as written. An integer too large for 64 bits, which
// go-yaml reads as a float, keeps its digits.
std::string TextOf(const std::string& text, Kind kind) {
  if (kind != Kind::kInt) return text;
  const YamlInteger integer = *ParseYamlInteger(text);
  return integer.overflow ? text : integer.DecimalText();
}

}  // namespace

SourcePosition PositionOf(const YAML::Mark& mark) {
  if (mark.is_null()) return SourcePosition{1, 1};
  return SourcePosition{mark.line + 1, mark.column + 1};
}

YamlToProto::YamlToProto(ErrorList* errors, SourceMap* positions, std::string_view source)
    : errors_(errors), positions_(positions), source_(source) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < source_.size(); ++i) {
    if (source_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourcePosition YamlToProto::EmptyElementPosition(const YAML::Node& element,
                                                 SourcePosition fallback) const {
  const YAML::Mark mark = element.Mark();
  if (mark.is_null() || mark.pos < 0 || static_cast<size_t>(mark.pos) > source_.size()) {
    return fallback;
  }
  size_t at = static_cast<size_t>(mark.pos);
  // An explicit null (~, null) is where its mark says.
  if (at < source_.size() && (source_[at] == '~' || source_.substr(at, 4) == "null" ||
                              source_.substr(at, 4) == "Null" || source_.substr(at, 4) == "NULL")) {
    return PositionOf(mark);
  }
  // Otherwise the element is the dash before the mark, past blank space.
  while (at > 0 && (source_[at - 1] == ' ' || source_[at - 1] == '\t' || source_[at - 1] == '\n' ||
                    source_[at - 1] == '\r')) {
    --at;
  }
  if (at == 0 || source_[at - 1] != '-') return PositionOf(mark);
  const size_t dash = at - 1;
  // The last line starting at or before the dash is the dash's line.
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), dash) - 1;
  SourcePosition position;
  position.line = 1 + static_cast<int>(line - line_starts_.begin());
  position.column = 1 + static_cast<int>(dash - *line);
  return position;
}

bool YamlToProto::Count(SourcePosition position) {
  if (values_read_ > kMaxValues) return false;
  if (++values_read_ <= kMaxValues) return true;
  errors_->Add(position, "",
               "the file holds more than " + std::to_string(kMaxValues) +
                   " keys and list elements, counting an alias's anchor again at each use; "
                   "reading stopped here");
  return false;
}

void YamlToProto::ReadDocument(const YAML::Node& document, Message* message) {
  if (!document.IsDefined() || document.IsNull()) return;  // e.g. after a trailing ---
  if (!document.IsMap()) {
    errors_->Add(PositionOf(document.Mark()), "",
                 "a test case document must be a mapping of fields, got " + Describe(document));
    return;
  }
  ReadFields(document, message, "", &document_fields_);
}

const FieldNames& YamlToProto::NamesOf(const Descriptor* descriptor) {
  auto found = names_.find(descriptor);
  if (found != names_.end()) return found->second;
  return names_.emplace(descriptor, FieldNamesOf(descriptor)).first->second;
}

void YamlToProto::ReadFields(const YAML::Node& mapping, Message* message, const std::string& path,
                             SeenTable* seen) {
  const FieldNames& names = NamesOf(message->GetDescriptor());
  // The merge source (MappingEntry::source) that set each field here: a
  // field set again from another source is a merged key that this mapping
  // (or an earlier merged one) overrides; from the same source, a duplicate.
  std::map<const FieldDescriptor*, int> source_of;
  ForEachEntry(
      mapping, path, errors_, [this](SourcePosition at) { return Count(at); },
      [&](const MappingEntry& entry) {
        const YAML::Node& key = entry.key;
        const YAML::Node& value = entry.value;
        const SourcePosition key_position = PositionOf(key.Mark());
        if (!Count(key_position)) return false;
        if (!key.IsScalar()) {
          errors_->Add(key_position, path, "a key must be a field name, got " + Describe(key));
          return true;
        }
        const std::string& name = key.Scalar();
        auto route = names.routes.find(name);
        if (route == names.routes.end()) {
          std::string message_text =
              "unknown field \"" + name + "\" in " + message->GetDescriptor()->name();
          if (auto suggestion = ClosestName(name, names.spellings)) {
            message_text += "; did you mean \"" + *suggestion + "\"?";
          }
          errors_->Add(key_position, FieldPath(path, name), message_text);
          return true;
        }
        const FieldDescriptor* field = route->second.back();
        const std::string child = FieldPath(path, field->json_name());

        if (auto set = source_of.find(field);
            set != source_of.end() && set->second != entry.source) {
          return true;
        }
        if (auto earlier = seen->find(field); earlier != seen->end()) {
          const std::string where = "line " + std::to_string(earlier->second.position.line);
          errors_->Add(key_position, child,
                       earlier->second.key == name
                           ? "duplicate key \"" + name + "\" (first given at " + where + ")"
                           : "\"" + name + "\" sets the same field as \"" + earlier->second.key +
                                 "\" at " + where);
          return true;
        }
        if (const auto* oneof = field->real_containing_oneof()) {
          if (auto earlier = seen->find(oneof); earlier != seen->end()) {
            errors_->Add(key_position, child,
                         "only one of " + oneof->name() + " may be set here, and \"" +
                             earlier->second.key + "\" already is (line " +
                             std::to_string(earlier->second.position.line) + ")");
            return true;
          }
          (*seen)[oneof] = Seen{name, key_position};
        }
        (*seen)[field] = Seen{name, key_position};
        source_of[field] = entry.source;
        positions_->Record(child, key_position, At(value, key_position));

        Message* target = message;
        for (size_t i = 0; i + 1 < route->second.size(); ++i) {
          target = target->GetReflection()->MutableMessage(target, route->second[i]);
        }
        ReadField(value, key_position, target, field, child);
        return true;
      });
}

void YamlToProto::ReadField(const YAML::Node& value, SourcePosition key_position, Message* message,
                            const FieldDescriptor* field, const std::string& path) {
  const Reflection* reflection = message->GetReflection();
  if (field->is_map()) {
    ReadMap(value, message, field, path);
    return;
  }
  if (field->is_repeated()) {
    if (value.IsNull()) return;
    if (!value.IsSequence()) {
      errors_->Add(At(value, key_position), path,
                   "expected a list of " + ExpectedOf(field) + ", got " + Describe(value));
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node element = value[i];
      const std::string element_path = path + "[" + std::to_string(i) + "]";
      const SourcePosition element_position =
          element.IsNull() ? EmptyElementPosition(element, At(value, key_position))
                           : PositionOf(element.Mark());
      if (!Count(element_position)) return;
      positions_->Record(element_path, element_position, element_position);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        ReadMessage(element, element_position, reflection->AddMessage(message, field),
                    element_path);
      } else {
        ReadScalar(element, element_position, message, field, element_path, /*add=*/true);
      }
    }
    return;
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    // An empty value still creates the message (`- submitted:` selects that
    // oneof member), except for scalar-like messages, where it means unset.
    if (value.IsNull() && IsScalarMessage(field->message_type())) return;
    ReadMessage(value, key_position, reflection->MutableMessage(message, field), path);
    return;
  }
  if (value.IsNull()) return;
  ReadScalar(value, key_position, message, field, path, /*add=*/false);
}

void YamlToProto::ReadMap(const YAML::Node& value, Message* message, const FieldDescriptor* field,
                          const std::string& path) {
  if (value.IsNull()) return;
  const SourcePosition position = PositionOf(value.Mark());
  if (!value.IsMap()) {
    errors_->Add(position, path, "expected a mapping, got " + Describe(value));
    return;
  }
  const Reflection* reflection = message->GetReflection();
  const Descriptor* entry_type = field->message_type();
  const FieldDescriptor* key_field = entry_type->map_key();
  const FieldDescriptor* value_field = entry_type->map_value();
  // Each key's text and where it was set, with the merge source that set it
  // (see ReadFields).
  struct Key {
    SourcePosition position;
    int source;
  };
  std::map<std::string, Key> keys;
  ForEachEntry(
      value, path, errors_, [this](SourcePosition at) { return Count(at); },
      [&](const MappingEntry& map_entry) {
        const YAML::Node& key = map_entry.key;
        const YAML::Node& item = map_entry.value;
        const SourcePosition key_position = PositionOf(key.Mark());
        if (!Count(key_position)) return false;
        if (!key.IsScalar()) {
          errors_->Add(key_position, path, "a map key must be a scalar, got " + Describe(key));
          return true;
        }
        // Go's YAML-to-JSON step turns every key into a string: a plain integer
        // key into the decimal number go-yaml read (`012` is "10").
        const std::string text = TextOf(key.Scalar(), KindOf(key));
        const std::string entry_path = MapEntryPath(path, text);
        if (auto earlier = keys.find(text); earlier != keys.end()) {
          if (earlier->second.source != map_entry.source) return true;  // overridden
          errors_->Add(key_position, entry_path,
                       "duplicate key \"" + text + "\" (first given at line " +
                           std::to_string(earlier->second.position.line) + ")");
          return true;
        }
        keys.emplace(text, Key{key_position, map_entry.source});
        positions_->Record(entry_path, key_position, At(item, key_position));

        Message* entry = reflection->AddMessage(message, field);
        const Reflection* entry_reflection = entry->GetReflection();
        if (key_field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          entry_reflection->SetString(entry, key_field, text);
        } else {
          // Integer keys must still be integers: read the key as a value of the
          // key type.
          ReadScalar(key, key_position, entry, key_field, entry_path, /*add=*/false);
        }
        if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          ReadMessage(item, key_position, entry_reflection->MutableMessage(entry, value_field),
                      entry_path);
        } else {
          ReadScalar(item, At(item, key_position), entry, value_field, entry_path, /*add=*/false);
        }
        return true;
      });
}

void YamlToProto::ReadMessage(const YAML::Node& node, SourcePosition fallback, Message* message,
                              const std::string& path) {
  const SourcePosition at = At(node, fallback);
  switch (ScalarMessageOf(message->GetDescriptor())) {
    case ScalarMessage::kQuantity:
      return ReadQuantity(node, at, message, path);
    case ScalarMessage::kIntOrString:
      return ReadIntOrString(node, at, message, path);
    case ScalarMessage::kDuration:
      return ReadDuration(node, at, message, path);
    case ScalarMessage::kTimestamp:
      return ReadTimestamp(node, at, message, path);
    case ScalarMessage::kNone:
      break;
  }
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    errors_->Add(
        at, path,
        "expected a mapping (" + message->GetDescriptor()->name() + "), got " + Describe(node));
    return;
  }
  SeenTable seen;
  ReadFields(node, message, path, &seen);
}

void YamlToProto::ReadScalar(const YAML::Node& node, SourcePosition fallback, Message* message,
                             const FieldDescriptor* field, const std::string& path, bool add) {
  const SourcePosition at = At(node, fallback);
  const Reflection* reflection = message->GetReflection();
  const Kind kind = node.IsScalar() ? KindOf(node) : Kind::kNull;
  auto mismatch = [&](const std::string& hint = "") {
    errors_->Add(at, path, "expected " + ExpectedOf(field) + ", got " + Describe(node) + hint);
  };
  if (!node.IsScalar() || kind == Kind::kNull) return mismatch();
  const std::string& text = node.Scalar();

  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        errors_->Add(at, path, "bytes fields cannot be given in a test case");
        return;
      }
      // A plain number or boolean becomes text, as in Armada's loader
      // (sigs.k8s.io/yaml converts go-yaml's value toward the target type):
      // Armada's own test cases write `args: [--matrix, 0]`.
      const std::string value = TextOf(text, kind);
      if (auto unsupported = KubernetesEnumError(field, value))
        errors_->Add(at, path, *unsupported);
      add ? reflection->AddString(message, field, value)
          : reflection->SetString(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (kind != Kind::kBool) return mismatch();
      const bool value = IsTrue(text);
      add ? reflection->AddBool(message, field, value) : reflection->SetBool(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      if (kind != Kind::kInt) return mismatch();
      const YamlInteger integer = *ParseYamlInteger(text);
      const long double value = integer.value();
      long double min = 0;
      long double max = 0;
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          min = std::numeric_limits<int32_t>::min();
          max = std::numeric_limits<int32_t>::max();
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          min = static_cast<long double>(std::numeric_limits<int64_t>::min());
          max = static_cast<long double>(std::numeric_limits<int64_t>::max());
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          max = std::numeric_limits<uint32_t>::max();
          break;
        default:
          max = static_cast<long double>(std::numeric_limits<uint64_t>::max());
          break;
      }
      if (integer.overflow || value < min || value > max) {
        errors_->Add(at, path,
                     text + " is out of range for " + field->cpp_type_name() +
                         (min == 0 ? " (it must not be negative)" : ""));
        return;
      }
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          add ? reflection->AddInt32(message, field, static_cast<int32_t>(value))
              : reflection->SetInt32(message, field, static_cast<int32_t>(value));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          add ? reflection->AddInt64(message, field, static_cast<int64_t>(value))
              : reflection->SetInt64(message, field, static_cast<int64_t>(value));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          add ? reflection->AddUInt32(message, field, static_cast<uint32_t>(value))
              : reflection->SetUInt32(message, field, static_cast<uint32_t>(value));
          break;
        default:
          add ? reflection->AddUInt64(message, field, static_cast<uint64_t>(value))
              : reflection->SetUInt64(message, field, static_cast<uint64_t>(value));
          break;
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      if (kind != Kind::kInt && kind != Kind::kFloat) return mismatch();
      double value = 0;
      std::string_view s = text;
      const bool negative = !s.empty() && s[0] == '-';
      if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
      if (s.size() == 4 && s[0] == '.' && (s[1] == 'i' || s[1] == 'I')) {
        value = negative ? -HUGE_VAL : HUGE_VAL;
      } else if (s.size() == 4 && s[0] == '.' && (s[1] == 'n' || s[1] == 'N')) {
        value = std::numeric_limits<double>::quiet_NaN();
      } else {
        // Only .inf means infinity: a finite number too large for the field
        // (1e400) is an error rather than silently infinite.
        // An integer beyond 64 bits is read as the float go-yaml makes of it.
        std::optional<YamlInteger> integer =
            kind == Kind::kInt ? ParseYamlInteger(text) : std::nullopt;
        if (integer && integer->overflow) integer.reset();
        char* end = nullptr;
        value = integer ? static_cast<double>(integer->value()) : std::strtod(text.c_str(), &end);
        const double limit = field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE
                                 ? std::numeric_limits<double>::max()
                                 : std::numeric_limits<float>::max();
        if ((!integer && end != text.c_str() + text.size()) || !std::isfinite(value) ||
            std::fabs(value) > limit) {
          errors_->Add(at, path, text + " is out of range for " + field->cpp_type_name());
          return;
        }
      }
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        add ? reflection->AddDouble(message, field, value)
            : reflection->SetDouble(message, field, value);
      } else {
        add ? reflection->AddFloat(message, field, static_cast<float>(value))
            : reflection->SetFloat(message, field, static_cast<float>(value));
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      const EnumValueDescriptor* enum_value = nullptr;
      if (kind == Kind::kInt) {
        const YamlInteger number = *ParseYamlInteger(text);
        if (!number.overflow && number.value() >= std::numeric_limits<int32_t>::min() &&
            number.value() <= std::numeric_limits<int32_t>::max()) {
          enum_value = type->FindValueByNumber(static_cast<int>(number.value()));
        }
      } else if (kind == Kind::kString) {
        enum_value = type->FindValueByName(text);
      }
      if (enum_value == nullptr) {
        std::vector<std::string> names;
        std::string listed;
        for (int i = 0; i < type->value_count(); ++i) {
          names.push_back(type->value(i)->name());
          listed += (i == 0 ? "" : ", ") + type->value(i)->name();
        }
        std::string message_text =
            "\"" + text + "\" is not a value of " + type->name() + " (" + listed + ")";
        if (auto suggestion = ClosestName(text, names)) {
          message_text += "; did you mean \"" + *suggestion + "\"?";
        }
        errors_->Add(at, path, message_text);
        return;
      }
      add ? reflection->AddEnum(message, field, enum_value)
          : reflection->SetEnum(message, field, enum_value);
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;  // messages never reach here
  }
}

void YamlToProto::ReadQuantity(const YAML::Node& node, SourcePosition at, Message* message,
                               const std::string& path) {
  const Kind kind = node.IsScalar() ? KindOf(node) : Kind::kNull;
  if (kind != Kind::kString && kind != Kind::kInt && kind != Kind::kFloat) {
    errors_->Add(at, path, "expected a quantity such as 25Mi, 100m or 2, got " + Describe(node));
    return;
  }
  // Armada's loader hands a plain integer to Quantity as the number go-yaml
  // read, so `012` is stored as 10.
  const std::string written = TextOf(node.Scalar(), kind);
  StatusOr<Quantity> quantity = Quantity::Parse(written);
  if (!quantity.ok()) {
    errors_->Add(at, path, quantity.status().message());
    return;
  }
  const FieldDescriptor* text = message->GetDescriptor()->FindFieldByName("string");
  message->GetReflection()->SetString(message, text, written);
}

void YamlToProto::ReadIntOrString(const YAML::Node& node, SourcePosition at, Message* message,
                                  const std::string& path) {
  const Kind kind = node.IsScalar() ? KindOf(node) : Kind::kNull;
  const Descriptor* type = message->GetDescriptor();
  const Reflection* reflection = message->GetReflection();
  if (kind == Kind::kInt) {
    const YamlInteger integer = *ParseYamlInteger(node.Scalar());
    if (integer.overflow || integer.value() < std::numeric_limits<int32_t>::min() ||
        integer.value() > std::numeric_limits<int32_t>::max()) {
      errors_->Add(at, path, node.Scalar() + " is out of range for a 32-bit integer");
      return;
    }
    reflection->SetInt64(message, type->FindFieldByName("type"), 0);
    reflection->SetInt32(message, type->FindFieldByName("intVal"),
                         static_cast<int32_t>(integer.value()));
    return;
  }
  if (kind != Kind::kString) {
    errors_->Add(at, path, "expected an integer or a string, got " + Describe(node));
    return;
  }
  reflection->SetInt64(message, type->FindFieldByName("type"), 1);
  reflection->SetString(message, type->FindFieldByName("strVal"), node.Scalar());
}

void YamlToProto::ReadDuration(const YAML::Node& node, SourcePosition at, Message* message,
                               const std::string& path) {
  const Kind kind = node.IsScalar() ? KindOf(node) : Kind::kNull;
  if (kind != Kind::kString && kind != Kind::kInt && kind != Kind::kFloat) {
    errors_->Add(at, path, "expected a duration such as 300s or 1m30s, got " + Describe(node));
    return;
  }
  StatusOr<google::protobuf::Duration> duration = ParseGoDuration(node.Scalar());
  if (!duration.ok()) {
    errors_->Add(at, path, duration.status().message());
    return;
  }
  message->CopyFrom(*duration);
}

void YamlToProto::ReadTimestamp(const YAML::Node& node, SourcePosition at, Message* message,
                                const std::string& path) {
  google::protobuf::Timestamp timestamp;
  if (!node.IsScalar() || KindOf(node) != Kind::kString ||
      !google::protobuf::util::TimeUtil::FromString(node.Scalar(), &timestamp)) {
    errors_->Add(at, path,
                 "expected an RFC 3339 time such as 2024-01-02T15:04:05Z, got " + Describe(node));
    return;
  }
  message->CopyFrom(timestamp);
}

}  // namespace armada::testcase
