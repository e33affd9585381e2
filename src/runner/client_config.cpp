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
std::vector<std::string> SettingsKeys() {
  return {"armadaUrl",
          "armadaRestUrl",
          "forceNoTls",
          "binocularsUrl",
          "cacheRefreshToken",
          "basicAuth",
          "kubernetesNativeAuth",
          "openIdAuth",
          "openIdDeviceAuth",
          "openIdPasswordAuth",
          "openIdClientCredentialsAuth",
          "openIdKubernetesAuth",
          "execAuth"};
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

  StatusOr<bool> Bool(const YAML::Node& map, std::string_view key, const std::string& where) const {
    auto node = Child(map, key);
    if (!node || node->IsNull()) return false;
    bool value = false;
    if (!node->IsScalar() || !YAML::convert<bool>::decode(*node, value)) {
      return Status::Error(At(*node) + ": " + where + std::string(key) + " must be true or false");
    }
    return value;
  }

  StatusOr<int64_t> Int(const YAML::Node& map, std::string_view key, const std::string& where,
                        int64_t min, int64_t max) const {
    auto node = Child(map, key);
    if (!node || node->IsNull()) return int64_t{0};
    int64_t value = 0;
    if (!node->IsScalar() || !YAML::convert<int64_t>::decode(*node, value) || value < min ||
        value > max) {
      return Status::Error(At(*node) + ": " + where + std::string(key) +
                           " must be a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max));
    }
    return value;
  }

  StatusOr<std::vector<std::string>> StringList(const YAML::Node& map, std::string_view key,
                                                const std::string& where) const {
    auto node = Child(map, key);
    std::vector<std::string> out;
    if (!node || node->IsNull()) return out;
    // viper decodes weakly: a single string is a list of one.
    if (node->IsScalar()) return std::vector<std::string>{node->Scalar()};
    if (!node->IsSequence()) {
      return Status::Error(At(*node) + ": " + where + std::string(key) +
                           " must be a list of strings");
    }
    for (const YAML::Node& item : *node) {
      if (!item.IsScalar()) {
        return Status::Error(At(item) + ": " + where + std::string(key) +
                             " must be a list of strings");
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  // The mapping under key, its keys checked against known; absent or null:
  // nullopt.
  StatusOr<std::optional<YAML::Node>> Section(const YAML::Node& map, std::string_view key,
                                              const std::string& prefix,
                                              const std::vector<std::string>& known) {
    auto node = Child(map, key);
    if (!node || node->IsNull()) return std::optional<YAML::Node>();
    const std::string where = prefix + std::string(key);
    if (!node->IsMap()) return Status::Error(At(*node) + ": " + where + " must be a mapping");
    if (Status keys = CheckKeys(*node, where, known); !keys.ok()) return keys;
    return node;
  }

  // Every authentication mode's keys, as Armada's Go client names them
  // (pkg/client/connection.go ApiConnectionDetails, pkg/client/auth/*).
  Status ReadAuth(const YAML::Node& node, const std::string& prefix, auth::AuthSettings* out) {
    auto cache = Bool(node, "cacheRefreshToken", prefix);
    if (!cache.ok()) return cache.status();
    out->cache_refresh_token = *cache;
#define ARMADA_READ(expr, target)             \
  do {                                        \
    auto value_ = (expr);                     \
    if (!value_.ok()) return value_.status(); \
    target = *value_;                         \
  } while (false)
    {
      auto s = Section(node, "basicAuth", prefix, {"username", "password"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "basicAuth.";
        ARMADA_READ(ScalarString(**s, "username", w), out->basic.username);
        ARMADA_READ(ScalarString(**s, "password", w), out->basic.password);
      }
    }
    {
      auto s = Section(node, "kubernetesNativeAuth", prefix, {"enabled", "expiry"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "kubernetesNativeAuth.";
        ARMADA_READ(Bool(**s, "enabled", w), out->kubernetes_native.enabled);
        ARMADA_READ(Int(**s, "expiry", w, 0, int64_t{1} << 40), out->kubernetes_native.expiry);
      }
    }
    {
      auto s =
          Section(node, "openIdAuth", prefix, {"providerUrl", "clientId", "localPort", "scopes"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "openIdAuth.";
        ARMADA_READ(ScalarString(**s, "providerUrl", w), out->open_id.provider_url);
        ARMADA_READ(ScalarString(**s, "clientId", w), out->open_id.client_id);
        ARMADA_READ(Int(**s, "localPort", w, 0, 65535), out->open_id.local_port);
        ARMADA_READ(StringList(**s, "scopes", w), out->open_id.scopes);
      }
    }
    {
      auto s = Section(node, "openIdDeviceAuth", prefix, {"providerUrl", "clientId", "scopes"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "openIdDeviceAuth.";
        ARMADA_READ(ScalarString(**s, "providerUrl", w), out->open_id_device.provider_url);
        ARMADA_READ(ScalarString(**s, "clientId", w), out->open_id_device.client_id);
        ARMADA_READ(StringList(**s, "scopes", w), out->open_id_device.scopes);
      }
    }
    {
      auto s = Section(node, "openIdPasswordAuth", prefix,
                       {"providerUrl", "clientId", "scopes", "username", "password"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "openIdPasswordAuth.";
        ARMADA_READ(ScalarString(**s, "providerUrl", w), out->open_id_password.provider_url);
        ARMADA_READ(ScalarString(**s, "clientId", w), out->open_id_password.client_id);
        ARMADA_READ(StringList(**s, "scopes", w), out->open_id_password.scopes);
        ARMADA_READ(ScalarString(**s, "username", w), out->open_id_password.username);
        ARMADA_READ(ScalarString(**s, "password", w), out->open_id_password.password);
      }
    }
    {
      auto s = Section(node, "openIdClientCredentialsAuth", prefix,
                       {"providerUrl", "clientId", "clientSecret", "scopes"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "openIdClientCredentialsAuth.";
        auto& c = out->open_id_client_credentials;
        ARMADA_READ(ScalarString(**s, "providerUrl", w), c.provider_url);
        ARMADA_READ(ScalarString(**s, "clientId", w), c.client_id);
        ARMADA_READ(ScalarString(**s, "clientSecret", w), c.client_secret);
        ARMADA_READ(StringList(**s, "scopes", w), c.scopes);
      }
    }
    {
      auto s = Section(node, "openIdKubernetesAuth", prefix, {"providerUrl", "clientId", "scopes"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "openIdKubernetesAuth.";
        ARMADA_READ(ScalarString(**s, "providerUrl", w), out->open_id_kubernetes.provider_url);
        ARMADA_READ(ScalarString(**s, "clientId", w), out->open_id_kubernetes.client_id);
        ARMADA_READ(StringList(**s, "scopes", w), out->open_id_kubernetes.scopes);
      }
    }
    {
      auto s = Section(node, "execAuth", prefix, {"cmd", "args", "env", "interactive"});
      if (!s.ok()) return s.status();
      if (*s) {
        const std::string w = prefix + "execAuth.";
        ARMADA_READ(ScalarString(**s, "cmd", w), out->exec.cmd);
        ARMADA_READ(StringList(**s, "args", w), out->exec.args);
        ARMADA_READ(Bool(**s, "interactive", w), out->exec.interactive);
        if (auto env = Child(**s, "env"); env && !env->IsNull()) {
          if (!env->IsSequence()) {
            return Status::Error(At(*env) + ": " + w + "env must be a list of {name, value}");
          }
          for (const YAML::Node& item : *env) {
            if (!item.IsMap()) {
              return Status::Error(At(item) + ": " + w + "env must be a list of {name, value}");
            }
            if (Status keys = CheckKeys(item, w + "env", {"name", "value"}); !keys.ok())
              return keys;
            std::string name, value;
            ARMADA_READ(ScalarString(item, "name", w + "env."), name);
            ARMADA_READ(ScalarString(item, "value", w + "env."), value);
            if (name.empty())
              return Status::Error(At(item) + ": " + w + "env: an entry has no name");
            out->exec.env.emplace_back(name, value);
          }
        }
      }
    }
#undef ARMADA_READ
    return Status();
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
    auto rest = ScalarString(node, "armadaRestUrl", prefix);
    if (!rest.ok()) return rest.status();
    config.armada_rest_url = *rest;
    config.from_context = !where.empty();

    if (auto no_tls = Child(node, "forceNoTls"); no_tls && !no_tls->IsNull()) {
      bool value = false;
      if (!no_tls->IsScalar() || !YAML::convert<bool>::decode(*no_tls, value)) {
        return Status::Error(At(*no_tls) + ": " + prefix + "forceNoTls must be true or false");
      }
      config.force_no_tls = value;
    }

    if (Status read = ReadAuth(node, prefix, &config.auth); !read.ok()) return read;
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
