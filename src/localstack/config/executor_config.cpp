#include "localstack/config/executor_config.h"

#include <yaml-cpp/yaml.h>

#include "common/bounded_yaml.h"
#include "common/read_file.h"

namespace armada::localstack {
namespace {

std::string Position(const YAML::Mark& mark) {
  return std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Sets *out to application.<key> when present.
Status ReadString(const YAML::Node& application, const std::string& key, const std::string& source,
                  std::string* out) {
  const YAML::Node value = application[key];
  if (!value) return Status();
  if (!value.IsScalar()) {
    return Status::Error(source + ":" + Position(value.Mark()) + ": application." + key +
                         ": expected a string");
  }
  *out = value.Scalar();
  return Status();
}

}  // namespace

StatusOr<ExecutorConfig> ParseExecutorConfig(const std::string& yaml, const std::string& source) {
  ParsedYaml parsed = ParseYaml(yaml, YamlLimits());
  if (parsed.error) {
    return Status::Error(source + ":" + std::to_string(parsed.error->line) + ":" +
                         std::to_string(parsed.error->column) + ": " + parsed.error->message);
  }
  const YAML::Node root = parsed.documents.empty() ? YAML::Node() : parsed.documents.front();
  if (!root.IsMap() && !root.IsNull()) {
    return Status::Error(source + ":" + Position(root.Mark()) + ": expected a mapping");
  }
  const YAML::Node application = root.IsMap() ? root["application"] : YAML::Node();
  if (application && !application.IsMap() && !application.IsNull()) {
    return Status::Error(source + ":" + Position(application.Mark()) +
                         ": application: expected a mapping");
  }
  const bool has_keys = application && application.IsMap();
  ExecutorConfig config;
  if (has_keys) {
    if (Status s = ReadString(application, "clusterId", source, &config.cluster_id); !s.ok()) {
      return s;
    }
    if (Status s = ReadString(application, "pool", source, &config.pool); !s.ok()) return s;
  }
  bool enable_categorization = false;
  if (has_keys) {
    const YAML::Node flag = application["enableJobErrorCategorization"];
    if (flag) {
      try {
        enable_categorization = flag.as<bool>();
      } catch (const YAML::Exception&) {
        return Status::Error(source + ":" + Position(flag.Mark()) +
                             ": application.enableJobErrorCategorization: expected true or false");
      }
    }
  }
  auto classifier = Classifier::FromSection(
      has_keys ? application["errorCategories"] : YAML::Node(), source, enable_categorization);
  if (!classifier.ok()) return classifier.status();
  config.classifier = std::move(classifier).value();
  if (config.classifier.map_shape()) config.generation = ArmadaGeneration::kV0_22_7;
  return config;
}

StatusOr<ExecutorConfig> LoadExecutorConfig(const std::string& path) {
  // Far above any executor config (a few kilobytes).
  auto text = ReadFileToString(path, 1 << 20);
  if (!text.ok()) return text.status();
  return ParseExecutorConfig(*text, path);
}

}  // namespace armada::localstack
