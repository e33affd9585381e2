#include "testcase/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <system_error>
#include <vector>

#include "testcase/diagnostics.h"
#include "testcase/source_text.h"
#include "testcase/test_spec_checks.h"
#include "testcase/yaml_to_proto.h"

namespace armada::testcase {
namespace {

// Far above any real test case (Armada's largest is a few kilobytes).
constexpr std::uintmax_t kMaxFileBytes = 16 << 20;

std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
  std::string suffix;
  for (int i = 0; i < 10; ++i) suffix += kAlphabet[pick(generator)];
  return suffix;
}

}  // namespace

StatusOr<api::TestSpec> ParseTestCaseAsWritten(std::string_view yaml, const std::string& path) {
  ErrorList errors;
  SourceMap positions;
  api::TestSpec spec;
  if (std::optional<TextError> bad_text = FindInvalidText(yaml)) {
    errors.Add(bad_text->position, "", bad_text->message);
    return Status::Error(errors.Format(path));
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file".
    errors.Add(PositionOf(e.mark), "",
               "YAML syntax error: nested too deeply to parse (a test case needs only a few "
               "levels)");
    return Status::Error(errors.Format(path));
  } catch (const YAML::Exception& e) {
    errors.Add(PositionOf(e.mark), "", "YAML syntax error: " + e.msg);
    return Status::Error(errors.Format(path));
  }
  try {
    YamlToProto reader(&errors, &positions, yaml);
    for (const YAML::Node& document : documents) reader.ReadDocument(document, &spec);
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
    CheckTestSpec(spec, positions, &errors);
  }
  if (!errors.empty()) return Status::Error(errors.Format(path));
  return spec;
}

void ApplyDefaults(const std::string& path, api::TestSpec* spec) {
  const std::string stem = std::filesystem::path(path).stem().string();
  if (spec->name().empty()) spec->set_name(stem);
  const std::string base = spec->job_set_id().empty() ? stem : spec->job_set_id();
  spec->set_job_set_id(base + "-" + RandomSuffix());
}

StatusOr<api::TestSpec> ParseTestCase(std::string_view yaml, const std::string& path) {
  StatusOr<api::TestSpec> spec = ParseTestCaseAsWritten(yaml, path);
  if (spec.ok()) ApplyDefaults(path, &*spec);
  return spec;
}

StatusOr<api::TestSpec> LoadTestCase(const std::string& path) {
  // A directory opens as a stream that reads as empty, which would pass for
  // an empty file; anything huge is not a test case and would only exhaust
  // memory in the parser.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::Error(path + ": is a directory, not a test case file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxFileBytes) {
    return Status::Error(path + ": is " + std::to_string(size) +
                         " bytes; a test case file is at most " + std::to_string(kMaxFileBytes) +
                         " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": cannot read: " + std::strerror(errno));
  return ParseTestCase(text.str(), path);
}

}  // namespace armada::testcase
