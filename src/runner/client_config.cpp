#include "runner/client_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/bounded_yaml.h"
#include "common/read_file.h"
#include "testcase/edit_distance.h"

namespace armada::runner {
namespace {

// Far above any client config (a few hundred bytes).
constexpr std::size_t kMaxConfigBytes = 1 << 20;

// The settings keys of one context (or of the legacy top level), as armadactl
// spells them.
const std::vector<std::string> kAuthKinds = {"execAuth",
                                             "openIdAuth",
                                             "openIdDeviceAuth",
                                             "openIdPasswordAuth",
                                             "openIdClientCredentialsAuth",
                                             "openIdKubernetesAuth",
                                             "kubernetesNativeAuth"};

std::vector<std::string> SettingsKeys() {
  std::vector<std::string> keys = {"armadaUrl", "forceNoTls", "basicAuth", "binocularsUrl"};
  keys.insert(keys.end(), kAuthKinds.begin(), kAuthKinds.end());
  return keys;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Reads one config file; every problem becomes an error or a warning here.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  // The map's value under key, matched case-insensitively as viper does.
  // REQUIRES: CheckKeys(map) passed (every key a scalar).
  std::optional<YAML::Node> Child(const YAML::Node& map, std::string_view key) const {
    if (!map.IsMap()) return std::nullopt;
    const std::string wanted = Lower(key);
    for (const auto& entry : map) {
      if (Lower(entry.first.Scalar()) == wanted) return entry.second;
    }
    return std::nullopt;
  }

  // Errors for a key that is not a string; warnings for keys not in known.
  Status CheckKeys(const YAML::Node& map, const std::string& where,
                   const std::vector<std::string>& known) {
    if (!map.IsMap()) return Status();
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) {
        return Status::Error(At(entry.first) + ": " + where + ": a key must be a string");
      }
      const std::string key = entry.first.Scalar();
      const bool is_known = std::any_of(
          known.begin(), known.end(), [&](const std::string& k) { return Lower(k) == Lower(key); });
      if (is_known) continue;
      std::string warning = At(entry.first) + ": unknown key \"" + key + "\"" +
                            (where.empty() ? "" : " in " + where) + ", ignored";
      if (auto closest = testcase::ClosestName(key, known)) {
        warning += " (did you mean \"" + *closest + "\"?)";
      }
      warnings_.push_back(warning);
    }
    return Status();
  }

  StatusOr<std::string> ScalarString(const YAML::Node& map, std::string_view key,
                                     const std::string& where) const {
    auto node = Child(map, key);
    if (!node || node->IsNull()) return std::string();
    if (!node->IsScalar()) {
      return Status::Error(At(*node) + ": " + where + std::string(key) + " must be a string");
    }
    return node->Scalar();
  }

  StatusOr<ClientConfig> ReadSettings(const YAML::Node& node, const std::string& where) {
    ClientConfig config;
    const std::string prefix = where.empty() ? "" : where + ".";
    auto url = ScalarString(node, "armadaUrl", prefix);
    if (!url.ok()) return url.status();
    if (!url->empty()) config.armada_url = *url;
    auto binoculars = ScalarString(node, "binocularsUrl", prefix);
    if (!binoculars.ok()) return binoculars.status();
    config.binoculars_url = *binoculars;

    if (auto no_tls = Child(node, "forceNoTls"); no_tls && !no_tls->IsNull()) {
      bool value = false;
      if (!no_tls->IsScalar() || !YAML::convert<bool>::decode(*no_tls, value)) {
        return Status::Error(At(*no_tls) + ": " + prefix + "forceNoTls must be true or false");
      }
      config.force_no_tls = value;
    }

    if (auto basic = Child(node, "basicAuth"); basic && !basic->IsNull()) {
      if (Status keys = CheckKeys(*basic, prefix + "basicAuth", {"username", "password"});
          !keys.ok()) {
        return keys;
      }
      auto user = ScalarString(*basic, "username", prefix + "basicAuth.");
      if (!user.ok()) return user.status();
      auto password = ScalarString(*basic, "password", prefix + "basicAuth.");
      if (!password.ok()) return password.status();
      config.basic_username = *user;
      config.basic_password = *password;
    }

    for (const std::string& kind : kAuthKinds) {
      if (auto auth = Child(node, kind); auth && !auth->IsNull()) {
        config.unsupported_auth.push_back(kind);
      }
    }
    config.warnings = warnings_;
    return config;
  }

  StatusOr<ClientConfig> Read(std::string_view yaml, const std::string& context) {
    ParsedYaml parsed = ParseYaml(yaml, YamlLimits());
    if (parsed.error) {
      return Status::Error(source_ + ":" + std::to_string(parsed.error->line) + ":" +
                           std::to_string(parsed.error->column) + ": " + parsed.error->message);
    }
    YAML::Node root = parsed.documents.empty() ? YAML::Node() : parsed.documents.front();
    if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) return Status::Error(source_ + ": expected a mapping at the top level");

    std::vector<std::string> top_keys = SettingsKeys();
    top_keys.insert(top_keys.end(), {"currentContext", "contexts"});
    if (Status keys = CheckKeys(root, "", top_keys); !keys.ok()) return keys;

    std::string chosen = context;
    if (chosen.empty()) {
      auto current = ScalarString(root, "currentContext", "");
      if (!current.ok()) return current.status();
      chosen = *current;
    }
    if (chosen.empty()) return ReadSettings(root, "");

    auto contexts = Child(root, "contexts");
    std::vector<std::string> names;
    if (contexts && contexts->IsMap()) {
      for (const auto& entry : *contexts) {
        if (!entry.first.IsScalar()) {
          return Status::Error(At(entry.first) + ": contexts: a key must be a string");
        }
        names.push_back(entry.first.Scalar());
      }
    }
    std::optional<YAML::Node> selected;
    if (contexts) selected = Child(*contexts, chosen);
    if (!selected || !selected->IsMap()) {
      std::string listed;
      for (const std::string& name : names) listed += (listed.empty() ? "" : ", ") + name;
      return Status::Error(
          source_ + ": context " + chosen + " not found under contexts" +
          (listed.empty() ? " (the file has none)" : " (the file has: " + listed + ")"));
    }
    const std::string where = "contexts." + chosen;
    if (Status keys = CheckKeys(*selected, where, SettingsKeys()); !keys.ok()) return keys;
    return ReadSettings(*selected, where);
  }

 private:
  // "FILE:LINE" of a node, for messages.
  std::string At(const YAML::Node& node) const {
    return source_ + ":" + std::to_string(node.Mark().line + 1);
  }

  const std::string source_;
  std::vector<std::string> warnings_;
};

}  // namespace

StatusOr<ClientConfig> ParseClientConfig(std::string_view yaml, const std::string& source,
                                         const std::string& context) {
  try {
    return Reader(source).Read(yaml, context);
  } catch (const YAML::Exception& e) {
    // The reader checks node kinds before converting, so this is not
    // expected; it still must not leave this unit.
    return Status::Error(source + ": cannot read: " + e.msg);
  }
}

StatusOr<ClientConfig> LoadClientConfig(const std::string& path, const std::string& context) {
  auto text = ReadFileToString(path, kMaxConfigBytes);
  if (!text.ok()) return text.status();
  return ParseClientConfig(*text, path, context);
}

bool UsesTls(const ClientConfig& config) {
  return !config.force_no_tls && config.armada_url.find("localhost") == std::string::npos;
}

}  // namespace armada::runner
