// The generated JSON Schema follows the loader's descriptor walk, and the
// committed copy is what `armada-testsuite schema` prints. schema_check.py
// validates the shipped cases against it with python3-jsonschema.
#include "testcase/json_schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/testspec.pb.h"
#include "testcase/field_names.h"
#include "testcase/glob.h"

namespace armada::testcase {
namespace {

using Json = nlohmann::json;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(JsonSchemaTest, CommittedSchemaIsTheGeneratedOne) {
  const std::string committed = Read(std::string(ARMADA_TS_SOURCE_DIR) + "/testcases/schema.json");
  EXPECT_TRUE(committed == TestCaseJsonSchema())
      << "testcases/schema.json is out of date: run `build/bin/armada-testsuite schema > "
         "testcases/schema.json`";
}

// Editors with the YAML language server find the schema from a modeline in
// the document it applies to: each file's first line, and the line after
// each `---`.
TEST(JsonSchemaTest, EveryDocumentOfEveryShippedCasePointsAtTheSchema) {
  const std::string root = std::string(ARMADA_TS_SOURCE_DIR) + "/testcases";
  auto files = ExpandPatterns(root + "/**/*.yaml");
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_FALSE(files->empty());
  for (const std::string& file : *files) {
    std::string relative;
    for (size_t at = file.find('/', root.size() + 1); at != std::string::npos;
         at = file.find('/', at + 1)) {
      relative += "../";
    }
    const std::string modeline = "# yaml-language-server: $schema=" + relative + "schema.json";
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, modeline) << file;
    size_t documents = 1;
    while (std::getline(in, line)) {
      if (line != "---") continue;
      ++documents;
      std::getline(in, line);
      EXPECT_EQ(line, modeline) << file << ": document " << documents;
    }
    EXPECT_EQ(documents, 2u) << file;
  }
}

TEST(JsonSchemaTest, TriggerEventAndExpectedEventsAreEnums) {
  const Json schema = Json::parse(TestCaseJsonSchema());
  const Json& trigger = schema["definitions"]["api.TestSpec"]["properties"]["triggerEvent"];
  EXPECT_EQ(trigger["enum"],
            Json({"submitted", "queued", "leased", "pending", "running", nullptr}));
  const Json& event = schema["definitions"]["api.EventMessage"];
  EXPECT_EQ(event["maxProperties"], 1);
  EXPECT_TRUE(event["properties"].contains("leaseReturned"));
  EXPECT_TRUE(event["properties"].contains("lease_returned"));
  EXPECT_EQ(event["additionalProperties"], false);
}

TEST(JsonSchemaTest, IsDeterministic) { EXPECT_EQ(TestCaseJsonSchema(), TestCaseJsonSchema()); }

TEST(JsonSchemaTest, EveryLoaderSpellingIsAPropertyAndNothingElse) {
  const Json schema = Json::parse(TestCaseJsonSchema());
  ASSERT_EQ(schema["$ref"], "#/definitions/api.TestSpec");
  const Json& spec = schema["definitions"]["api.TestSpec"];
  EXPECT_EQ(spec["additionalProperties"], false);
  const FieldNames names = FieldNamesOf(api::TestSpec::descriptor());
  // Every spelling plus the merge key.
  EXPECT_EQ(spec["properties"].size(), names.spellings.size() + 1);
  for (const char* key : {"expectedEvents", "expected_events", "jobSetId", "job_set_id",
                          "triggerEvent", "action", "selection", "preemptReason", "<<"}) {
    EXPECT_TRUE(spec["properties"].contains(key)) << key;
  }
}

TEST(JsonSchemaTest, ScalarRulesFollowTheLoader) {
  const Json schema = Json::parse(TestCaseJsonSchema());
  const Json& defs = schema["definitions"];
  const Json& spec = defs["api.TestSpec"]["properties"];
  // Durations as strings or numbers; uint32 in range; strings take numbers.
  EXPECT_EQ(spec["timeout"]["type"], Json({"string", "number", "null"}));
  EXPECT_EQ(spec["numBatches"]["minimum"], 0);
  EXPECT_EQ(spec["numBatches"]["maximum"], 4294967295u);
  EXPECT_EQ(spec["queue"]["type"], Json({"string", "number", "boolean", "null"}));
  // Enums by name or number.
  const Json& action = spec["action"]["enum"];
  EXPECT_NE(std::find(action.begin(), action.end(), "ACTION_CANCEL"), action.end());
  EXPECT_NE(std::find(action.begin(), action.end(), 1), action.end());
  // YAML 1.1 booleans.
  const Json& random = spec["randomClientId"]["anyOf"];
  EXPECT_NE(std::find(random[1]["enum"].begin(), random[1]["enum"].end(), "yes"),
            random[1]["enum"].end());
  // Quantities are scalars; inline fields are flattened (Volume has emptyDir).
  const Json& resources = defs["k8s.io.api.core.v1.ResourceRequirements"]["properties"];
  EXPECT_EQ(resources["limits"]["additionalProperties"]["type"],
            Json({"string", "number", "null"}));
  const Json& volume = defs["k8s.io.api.core.v1.Volume"]["properties"];
  EXPECT_TRUE(volume.contains("emptyDir"));
  EXPECT_FALSE(volume.contains("volumeSource"));
}

}  // namespace
}  // namespace armada::testcase
