#include "runner/client_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/bounded_yaml.h"

namespace armada::runner {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// viper lowercases keys, so armadactl accepts any spelling; so do we.
std::optional<YAML::Node> Child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (const auto& entry : map) {
    if (EqualsIgnoreCase(entry.first.as<std::string>(), key)) return entry.second;
  }
  return std::nullopt;
}

StatusOr<std::string> ScalarString(const YAML::Node& map, std::string_view key,
                                   const std::string& where) {
  auto node = Child(map, key);
  if (!node || node->IsNull()) return std::string();
  if (!node->IsScalar()) {
    return Status::Error(where + ": " + std::string(key) + " must be a string");
  }
  return node->as<std::string>();
}

StatusOr<ClientConfig> ReadSettings(const YAML::Node& node, const std::string& where) {
  ClientConfig config;
  auto url = ScalarString(node, "armadaUrl", where);
  if (!url.ok()) return url.status();
  if (!url->empty()) config.armada_url = *url;

  if (auto no_tls = Child(node, "forceNoTls"); no_tls && !no_tls->IsNull()) {
    bool value = false;
    if (!no_tls->IsScalar() || !YAML::convert<bool>::decode(*no_tls, value)) {
      return Status::Error(where + ": forceNoTls must be true or false");
    }
    config.force_no_tls = value;
  }

  if (auto basic = Child(node, "basicAuth"); basic && !basic->IsNull()) {
    auto user = ScalarString(*basic, "username", where + ".basicAuth");
    if (!user.ok()) return user.status();
    auto password = ScalarString(*basic, "password", where + ".basicAuth");
    if (!password.ok()) return password.status();
    config.basic_username = *user;
    config.basic_password = *password;
  }

  for (const char* kind :
       {"execAuth", "openIdAuth", "openIdDeviceAuth", "openIdPasswordAuth",
        "openIdClientCredentialsAuth", "openIdKubernetesAuth", "kubernetesNativeAuth"}) {
    if (auto auth = Child(node, kind); auth && !auth->IsNull()) {
      config.unsupported_auth.push_back(kind);
    }
  }
  return config;
}

}  // namespace

StatusOr<ClientConfig> ParseClientConfig(std::string_view yaml, const std::string& source,
                                         const std::string& context) {
  ParsedYaml parsed = ParseYaml(yaml, YamlLimits());
  if (parsed.error) {
    return Status::Error(source + ":" + std::to_string(parsed.error->line) + ":" +
                         std::to_string(parsed.error->column) + ": " + parsed.error->message);
  }
  YAML::Node root = parsed.documents.empty() ? YAML::Node() : parsed.documents.front();
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) return Status::Error(source + ": expected a mapping at the top level");

  std::string chosen = context;
  if (chosen.empty()) {
    auto current = ScalarString(root, "currentContext", source);
    if (!current.ok()) return current.status();
    chosen = *current;
  }
  if (chosen.empty()) return ReadSettings(root, source);

  auto contexts = Child(root, "contexts");
  std::optional<YAML::Node> selected;
  if (contexts) selected = Child(*contexts, chosen);
  if (!selected || !selected->IsMap()) {
    return Status::Error(source + ": context " + chosen + " not found under contexts");
  }
  return ReadSettings(*selected, source + ": contexts." + chosen);
}

StatusOr<ClientConfig> LoadClientConfig(const std::string& path, const std::string& context) {
  StatusOr<std::string> text = ReadTextFile(path, YamlLimits().max_bytes);
  if (!text.ok()) return Status::Error("client config " + text.status().message());
  return ParseClientConfig(*text, path, context);
}

bool UsesTls(const ClientConfig& config) {
  return !config.force_no_tls && config.armada_url.find("localhost") == std::string::npos;
}

}  // namespace armada::runner
