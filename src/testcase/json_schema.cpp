#include "testcase/json_schema.h"

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "api/event_names.h"
#include "api/testspec.pb.h"
#include "testcase/field_names.h"
#include "testcase/scalar_kind.h"

namespace armada::testcase {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::ordered_json;

Json Types(std::initializer_list<const char*> types) {
  Json list = Json::array();
  for (const char* type : types) list.push_back(type);
  list.push_back("null");  // `key:` left empty
  return Json{{"type", list}};
}

class SchemaWriter {
 public:
  // The schema of a value of message type descriptor: a $ref for a mapping,
  // inline for the scalar messages.
  Json MessageValue(const Descriptor* descriptor) {
    switch (ScalarMessageOf(descriptor)) {
      case ScalarMessage::kQuantity: {
        Json schema = Types({"string", "number"});
        schema["description"] = "a Kubernetes quantity such as 25Mi, 100m or 2";
        return schema;
      }
      case ScalarMessage::kIntOrString:
        return Types({"integer", "string"});
      case ScalarMessage::kDuration: {
        Json schema = Types({"string", "number"});
        schema["description"] = "a Go duration such as 300s or 1m30s";
        return schema;
      }
      case ScalarMessage::kTimestamp: {
        Json schema = Types({"string"});
        schema["format"] = "date-time";
        return schema;
      }
      case ScalarMessage::kNone:
        break;
    }
    Define(descriptor);
    return Json{{"$ref", "#/definitions/" + descriptor->full_name()}};
  }

  Json& definitions() { return definitions_; }

 private:
  void Define(const Descriptor* descriptor) {
    const std::string& name = descriptor->full_name();
    if (definitions_.contains(name)) return;
    definitions_[name] = Json::object();  // placeholder: recursive types end here
    Json properties = Json::object();
    // Merge keys work in every mapping (merge_keys.h).
    properties["<<"] = Json{{"description", "YAML merge key: `<<: *anchor`"}};
    const FieldNames names = FieldNamesOf(descriptor);
    for (const std::string& spelling : names.spellings) {
      properties[spelling] = Field(names.routes.at(spelling).back());
    }
    Json schema = Types({"object"});
    schema["title"] = descriptor->name();
    schema["properties"] = std::move(properties);
    schema["additionalProperties"] = false;
    definitions_[name] = std::move(schema);
  }

  Json Field(const FieldDescriptor* field) {
    if (field->is_map()) {
      Json schema = Types({"object"});
      schema["additionalProperties"] = Single(field->message_type()->map_value());
      return schema;
    }
    if (field->is_repeated()) {
      Json schema = Types({"array"});
      schema["items"] = Single(field);
      return schema;
    }
    return Single(field);
  }

  // One value of field (an element, for a repeated field).
  Json Single(const FieldDescriptor* field) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          Json schema = Json{{"type", "null"}};
          schema["description"] = "bytes fields cannot be given in a test case";
          return schema;
        }
        // A plain number or boolean becomes its text, as in Armada's loader.
        return Types({"string", "number", "boolean"});
      case FieldDescriptor::CPPTYPE_BOOL: {
        Json words = Json::array();
        for (const std::string& word : BooleanWords()) words.push_back(word);
        return Json{{"anyOf", Json::array({Types({"boolean"}), Json{{"enum", words}}})}};
      }
      case FieldDescriptor::CPPTYPE_INT32:
        return Integer(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
      case FieldDescriptor::CPPTYPE_INT64:
        return Integer(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
      case FieldDescriptor::CPPTYPE_UINT32:
        return Integer(0, std::numeric_limits<uint32_t>::max());
      case FieldDescriptor::CPPTYPE_UINT64: {
        Json schema = Types({"integer"});
        schema["minimum"] = 0;
        schema["maximum"] = std::numeric_limits<uint64_t>::max();
        return schema;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        return Types({"number"});
      case FieldDescriptor::CPPTYPE_ENUM: {
        Json values = Json::array();
        const auto* type = field->enum_type();
        for (int i = 0; i < type->value_count(); ++i) values.push_back(type->value(i)->name());
        for (int i = 0; i < type->value_count(); ++i) values.push_back(type->value(i)->number());
        values.push_back(nullptr);
        return Json{{"enum", values}};
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return MessageValue(field->message_type());
    }
    return Json::object();
  }

  static Json Integer(int64_t min, int64_t max) {
    Json schema = Types({"integer"});
    schema["minimum"] = min;
    schema["maximum"] = max;
    return schema;
  }

  Json definitions_ = Json::object();
};

}  // namespace

std::string TestCaseJsonSchema() {
  SchemaWriter writer;
  const Json top = writer.MessageValue(api::TestSpec::descriptor());
  Json schema = Json::object();
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["title"] = "armada-testsuite test case";
  schema["description"] =
      "One document of an Armada test case file, the jobs or the expectations: editors apply a "
      "`# yaml-language-server: $schema=...` line to the document it is in, so each document "
      "carries one (generated by `armada-testsuite schema`; `armada-testsuite validate` checks "
      "what a schema cannot)";
  schema["$ref"] = top["$ref"];
  Json& definitions = writer.definitions();
  // triggerEvent names an event every job shows before it can be acted on
  // (runnable.h refuses the others), in either spelling.
  Json triggers = Json::array();
  for (const EventKind& kind : EventKinds()) {
    if (!kind.may_trigger) continue;
    triggers.push_back(std::string(kind.camel));
    if (kind.snake != kind.camel) triggers.push_back(std::string(kind.snake));
  }
  triggers.push_back(nullptr);
  Json& spec = definitions[api::TestSpec::descriptor()->full_name()]["properties"];
  for (const char* key : {"triggerEvent", "trigger_event"}) {
    spec[key] = Json{{"enum", triggers},
                     {"description", "the event every job must reach before the action runs"}};
  }
  // An expected event is one event: a mapping with one of the event names.
  Json& event = definitions[api::EventMessage::descriptor()->full_name()];
  event["maxProperties"] = 1;
  event["description"] = "one expected event, e.g. `- failed:` or `- failed: {reason: ...}`";
  schema["definitions"] = std::move(definitions);
  return schema.dump(2) + "\n";
}

}  // namespace armada::testcase
