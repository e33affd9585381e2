// The JSON Schema (draft-07) of a test case file's documents (both: the
// jobs and the expectations; the YAML language server applies a
// `# yaml-language-server: $schema=` line to its own document only, so every
// document of a shipped case carries one), generated from
// the descriptors the loader walks, so editors with the YAML language server
// complete and check test cases as the loader reads them
// (`armada-testsuite schema`; the committed copy is testcases/schema.json).
//
// Contract: the schema accepts what yaml_to_proto.h reads, by the same rules:
// - keys are the field_names.h spellings (camelCase and snake_case), inline
//   fields flattened, merge keys (`<<`) allowed; any other key is refused;
// - a string field takes a string, number or boolean (as its text); a bool
//   field a boolean or a YAML 1.1 word (yes/no/on/off); integers an integer
//   within the field's range; enums a value name or number; Quantity and
//   Duration a string or a number; IntOrString an integer or a string;
//   Timestamp an RFC 3339 string; bytes fields nothing; triggerEvent one of
//   the events that may trigger an action (api/event_names.h); an expected
//   event one key, an event name;
// - every key may be left empty (null), as the loader allows.
// What it cannot say, the loader still checks: two spellings of one field or
// two members of a oneof, the values inside strings (quantities, durations,
// regular expressions) and the rules of runnable.h.
#pragma once

#include <string>

namespace armada::testcase {

// The schema of one test case document (api.TestSpec), as indented JSON
// ending in a newline. Deterministic: the same build prints the same text.
std::string TestCaseJsonSchema();

}  // namespace armada::testcase
