// Reads YAML into protobuf messages by walking the message descriptors, so
// every message type of the API loads without a hand-written mapper.
//
// Contract:
// - A message is a YAML mapping whose keys are field names, proto spelling
//   (job_set_id) or JSON spelling (jobSetId). Unknown keys, duplicate keys
//   (including one field given under both spellings) and two members of one
//   oneof in the same mapping are errors.
// - Scalars are typed as YAML types them: a string field takes a string or a
//   plain number or boolean as its text, a bool field true/false (YAML 1.1's
//   yes/no/on/off too, as Armada's Go loader reads them), integer fields an
//   integer in range, double fields a number, enums a value name or number.
//   bytes fields are not supported and are reported as errors.
//   Plain integers follow go-yaml v2 (yaml_integer.h): `012` is octal 10, and
//   a plain integer given for a string field, a map key or a Quantity becomes
//   its decimal text ("10"), as Armada's loader makes it.
// - Merge keys (`<<: *defaults`, merge_keys.h) work in every mapping: keys
//   the mapping writes override merged ones without being duplicates; a
//   merged key is checked, and reported, where the anchored mapping writes it.
// - Kubernetes conventions: Quantity is a scalar ("25Mi", 2) checked by
//   armada::Quantity::Parse and stored as written; IntOrString is an integer
//   or a string; the inline fields of inline_fields.h are flattened into their
//   parent. google.protobuf.Duration is a Go duration ("1m30s"), Timestamp an
//   RFC 3339 time.
// - An empty value (`key:`) leaves a scalar or list unset but sets a message
//   field to an empty message, which is how `- submitted:` picks a oneof member.
// - Aliases read their anchor's value again at each use. A document whose
//   values, so counted, pass kMaxValues is an error and is read no further:
//   nested aliases can make a few lines stand for billions of values.
// - Errors go to the ErrorList with the position of the offending key or
//   value; reading continues with the next key, so one pass finds them all.
//   Paths name known fields by their JSON names and unknown keys as written.
#pragma once

#include <google/protobuf/message.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "testcase/diagnostics.h"
#include "testcase/field_names.h"

namespace armada::testcase {

// yaml-cpp marks are 0-based; errors are 1-based.
SourcePosition PositionOf(const YAML::Mark& mark);

class YamlToProto {
 public:
  // The most keys and list elements one reader reads (aliases counted at each
  // use); real test cases have a few hundred.
  static constexpr size_t kMaxValues = 100000;

  // errors receives every problem; positions receives where each field the
  // YAML sets is, for checks run after reading. source is the text the nodes
  // were loaded from (optional): with it, an empty list element (`-` alone)
  // is placed at its dash rather than at the next token, where yaml-cpp puts
  // it. errors, positions and source must outlive the reader.
  YamlToProto(ErrorList* errors, SourceMap* positions, std::string_view source = {});

  // Reads one YAML document, which must be a mapping (or empty), into message.
  // Several documents read by one reader merge into the same message; a field
  // set by an earlier document is reported as a duplicate.
  void ReadDocument(const YAML::Node& document, google::protobuf::Message* message);

 private:
  struct Seen {
    std::string key;
    SourcePosition position;
  };
  // Fields and oneofs already set in a mapping, keyed by their descriptors.
  using SeenTable = std::map<const void*, Seen>;

  const FieldNames& NamesOf(const google::protobuf::Descriptor* descriptor);
  void ReadFields(const YAML::Node& mapping, google::protobuf::Message* message,
                  const std::string& path, SeenTable* seen);
  void ReadField(const YAML::Node& value, SourcePosition key_position,
                 google::protobuf::Message* message, const google::protobuf::FieldDescriptor* field,
                 const std::string& path);
  void ReadMap(const YAML::Node& value, google::protobuf::Message* message,
               const google::protobuf::FieldDescriptor* field, const std::string& path);
  void ReadMessage(const YAML::Node& node, SourcePosition fallback,
                   google::protobuf::Message* message, const std::string& path);
  // Reads a scalar into a singular field (add = false) or appends it to a
  // repeated one (add = true).
  void ReadScalar(const YAML::Node& node, SourcePosition fallback,
                  google::protobuf::Message* message,
                  const google::protobuf::FieldDescriptor* field, const std::string& path,
                  bool add);
  void ReadQuantity(const YAML::Node& node, SourcePosition at, google::protobuf::Message* message,
                    const std::string& path);
  void ReadIntOrString(const YAML::Node& node, SourcePosition at,
                       google::protobuf::Message* message, const std::string& path);
  void ReadDuration(const YAML::Node& node, SourcePosition at, google::protobuf::Message* message,
                    const std::string& path);
  void ReadTimestamp(const YAML::Node& node, SourcePosition at, google::protobuf::Message* message,
                     const std::string& path);

  // Counts one more key or list element at position: false, with one error
  // for the whole file, once there have been more than kMaxValues.
  bool Count(SourcePosition position);

  // Where an empty list element is, from its mark (which is the next token's).
  SourcePosition EmptyElementPosition(const YAML::Node& element, SourcePosition fallback) const;

  ErrorList* errors_;
  SourceMap* positions_;
  std::string_view source_;
  // Where each line of source_ starts, so that placing an empty element need
  // not count the lines before it each time.
  std::vector<size_t> line_starts_;
  std::map<const google::protobuf::Descriptor*, FieldNames> names_;
  SeenTable document_fields_;  // top-level fields across documents
  size_t values_read_ = 0;
};

}  // namespace armada::testcase
