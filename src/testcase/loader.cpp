#include "testcase/loader.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <random>
#include <sstream>
#include <vector>

#include "api/event_names.h"
#include "common/bounded_yaml.h"
#include "common/read_file.h"
#include "testcase/diagnostics.h"
#include "testcase/legacy_actions.h"
#include "testcase/source_text.h"
#include "testcase/spec_checks.h"
#include "testcase/yaml_to_proto.h"

namespace armada::testcase {
namespace {

// What yaml-cpp may be given: far above any real test case (Armada's largest
// is a few kilobytes and a few hundred nodes), and small enough that yaml-cpp
// (hundreds of bytes and microseconds per node) parses the worst of it within
// tens of megabytes and a fraction of a second. A test case is one or two
// documents (jobs, then expectations).
constexpr YamlLimits kYamlLimits = {256 << 10, 2, 20'000, 100};

std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
  std::string suffix;
  for (int i = 0; i < 10; ++i) suffix += kAlphabet[pick(generator)];
  return suffix;
}

// numBatches/batchSize 1 when the file left them out of a test with jobs,
// and triggerEvent in its canonical spelling.
void ApplyRunDefaults(const SourceMap& positions, api::TestSpec* spec) {
  if (!spec->jobs().empty()) {
    if (!positions.KeyOf("numBatches")) spec->set_num_batches(1);
    if (!positions.KeyOf("batchSize")) spec->set_batch_size(1);
  }
  if (const EventKind* kind = FindEventKind(spec->trigger_event())) {
    spec->set_trigger_event(std::string(kind->camel));
  }
}

// Reads yaml into a TestSpec and checks it; with as_written, returns it as
// the file wrote it, else with the run defaults and canonical names. With
// warnings, a case without errors also gets spec_checks.h's warnings there.
StatusOr<api::TestSpec> Parse(std::string_view yaml, const std::string& path, bool as_written,
                              const WarningContext* context = nullptr,
                              std::vector<std::string>* warnings = nullptr) {
  ErrorList errors;
  SourceMap positions;
  api::TestSpec spec;
  if (std::optional<TextError> bad_text = FindInvalidText(yaml)) {
    errors.Add(bad_text->position, "", bad_text->message);
    return Status::Error(errors.Format(path));
  }
  ParsedYaml parsed = ParseYaml(yaml, kYamlLimits);
  if (parsed.error) {
    errors.Add(SourcePosition{parsed.error->line, parsed.error->column}, "", parsed.error->message);
    return Status::Error(errors.Format(path));
  }
  const std::vector<YAML::Node>& documents = parsed.documents;
  try {
    YamlToProto reader(&errors, &positions, yaml);
    for (const YAML::Node& document : documents) {
      RefuseOldestCancelForm(document, &errors);
      reader.ReadDocument(document, &spec);
    }
  } catch (const YAML::Exception& e) {
    // The reader checks node types before use, so this is not expected; it
    // still must not escape the loader.
    errors.Add(PositionOf(e.mark), "", "cannot read YAML: " + e.msg);
  }
  bool any_content = false;
  for (const YAML::Node& document : documents) any_content |= !document.IsNull();
  if (!any_content) {
    errors.Add(SourcePosition{1, 1}, "", "the file holds no test case");
  } else {
    CheckLegacyActions(spec, positions, &errors);
    api::TestSpec runnable = spec;
    TranslateLegacyActions(&runnable);
    ApplyRunDefaults(positions, &runnable);
    CheckTestSpec(runnable, positions, &errors);
    if (warnings != nullptr && errors.empty()) {
      ErrorList found;
      CheckTestSpecWarnings(runnable, positions, *context, &found);
      if (!found.empty()) {
        std::istringstream lines(found.Format(path));
        for (std::string line; std::getline(lines, line);) warnings->push_back(line);
      }
    }
    if (!as_written) spec = std::move(runnable);
  }
  if (!errors.empty()) return Status::Error(errors.Format(path));
  return spec;
}

}  // namespace

StatusOr<api::TestSpec> ParseTestCaseAsWritten(std::string_view yaml, const std::string& path) {
  return Parse(yaml, path, /*as_written=*/true);
}

void ApplyDefaults(const std::string& path, api::TestSpec* spec) {
  const std::string stem = std::filesystem::path(path).stem().string();
  if (spec->name().empty()) spec->set_name(stem);
  const std::string base = spec->job_set_id().empty() ? stem : spec->job_set_id();
  spec->set_job_set_id(base + "-" + RandomSuffix());
}

StatusOr<api::TestSpec> ParseTestCase(std::string_view yaml, const std::string& path) {
  StatusOr<api::TestSpec> spec = Parse(yaml, path, /*as_written=*/false);
  if (spec.ok()) ApplyDefaults(path, &*spec);
  return spec;
}

StatusOr<api::TestSpec> LoadTestCase(const std::string& path) {
  auto text = ReadFileToString(path, kYamlLimits.max_bytes);
  if (!text.ok()) return text.status();
  return ParseTestCase(*text, path);
}

StatusOr<api::TestSpec> LoadTestCase(const std::string& path, const WarningContext& context,
                                     std::vector<std::string>* warnings) {
  auto text = ReadFileToString(path, kYamlLimits.max_bytes);
  if (!text.ok()) return text.status();
  StatusOr<api::TestSpec> spec = Parse(*text, path, /*as_written=*/false, &context, warnings);
  if (spec.ok()) ApplyDefaults(path, &*spec);
  return spec;
}

}  // namespace armada::testcase
