#include "localstack/localstack_config.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "common/read_file.h"
#include "testcase/diagnostics.h"
#include "testcase/source_text.h"
#include "testcase/yaml_to_proto.h"

namespace armada::localstack {
namespace {

using testcase::ErrorList;
using testcase::SourceMap;
using testcase::SourcePosition;

// "registry/repository:tag" without Docker Hub's implied prefixes, split.
struct ImageRef {
  std::string repository;
  std::string tag;  // "" when none was given
};

ImageRef Split(std::string image) {
  for (const char* prefix : {"docker.io/", "library/"}) {
    if (image.rfind(prefix, 0) == 0) image = image.substr(std::string(prefix).size());
  }
  if (const size_t at = image.find('@'); at != std::string::npos) image = image.substr(0, at);
  const size_t slash = image.rfind('/');
  const size_t colon = image.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    return {image.substr(0, colon), image.substr(colon + 1)};
  }
  return {image, ""};
}

void Check(const config::LocalstackConfig& config, const SourceMap& positions, ErrorList* errors) {
  auto where = [&](const std::string& path) {
    return positions.ValueOf(path).value_or(positions.KeyOf(path).value_or(SourcePosition{1, 1}));
  };
  std::set<std::string> names;
  for (int i = 0; i < config.images_size(); ++i) {
    const std::string path = "images[" + std::to_string(i) + "]";
    const std::string& name = config.images(i).name();
    if (name.empty()) {
      errors->Add(where(path), path + ".name", "an image needs a name");
    } else if (!names.insert(name).second) {
      errors->Add(where(path + ".name"), path + ".name", "image \"" + name + "\" is listed twice");
    }
  }
  if (config.namespaces().empty()) {
    errors->Add(where("namespaces"), "namespaces",
                "no namespaces: every job would fail (Armada's test cases use default and "
                "personal-anonymous)");
  }
  static const std::set<std::string> kEffects = {"NoSchedule", "PreferNoSchedule", "NoExecute"};
  for (int i = 0; i < config.node().taints_size(); ++i) {
    const std::string path = "node.taints[" + std::to_string(i) + "]";
    const auto& taint = config.node().taints(i);
    if (taint.key().empty()) errors->Add(where(path), path + ".key", "a taint needs a key");
    if (!kEffects.count(taint.effect())) {
      errors->Add(where(path + ".effect"), path + ".effect",
                  "effect \"" + taint.effect() +
                      "\" is not one of NoSchedule, PreferNoSchedule, NoExecute");
    }
  }
}

}  // namespace

const config::Image* LocalstackSettings::FindImage(const std::string& image) const {
  const ImageRef wanted = Split(image);
  for (const auto& entry : config_.images()) {
    const ImageRef known = Split(entry.name());
    if (known.repository != wanted.repository) continue;
    // An untagged reference means "latest", as a kubelet pulls it.
    if (known.tag.empty() || known.tag == (wanted.tag.empty() ? "latest" : wanted.tag)) {
      return &entry;
    }
  }
  return nullptr;
}

bool LocalstackSettings::HasNamespace(const std::string& name) const {
  for (const auto& known : config_.namespaces()) {
    if (known == name) return true;
  }
  return false;
}

StatusOr<LocalstackSettings> ParseLocalstackConfig(std::string_view yaml,
                                                   const std::string& source) {
  ErrorList errors;
  SourceMap positions;
  config::LocalstackConfig config;
  if (auto bad_text = testcase::FindInvalidText(yaml)) {
    errors.Add(bad_text->position, "", bad_text->message);
    return Status::Error(errors.Format(source));
  }
  try {
    const YAML::Node document = YAML::Load(std::string(yaml));
    testcase::YamlToProto reader(&errors, &positions, yaml);
    reader.ReadDocument(document, &config);
  } catch (const YAML::Exception& e) {
    errors.Add(testcase::PositionOf(e.mark), "", "YAML syntax error: " + e.msg);
    return Status::Error(errors.Format(source));
  }
  if (errors.empty()) Check(config, positions, &errors);
  if (!errors.empty()) return Status::Error(errors.Format(source));
  return LocalstackSettings(std::move(config));
}

StatusOr<LocalstackSettings> LoadLocalstackConfig(const std::string& path) {
  // A real one is a few kilobytes.
  auto text = ReadFileToString(path, 1 << 20);
  if (!text.ok()) return text.status();
  return ParseLocalstackConfig(*text, path);
}

}  // namespace armada::localstack
