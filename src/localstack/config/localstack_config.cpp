#include "localstack/config/localstack_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "common/bounded_yaml.h"
#include "common/quantity.h"
#include "common/read_file.h"
#include "common/shipped_file.h"
#include "localstack/pod/host_path_policy.h"
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
  // Docker Hub's names for the same image (Docker's reference
  // normalisation): index.docker.io/library/X = docker.io/library/X =
  // docker.io/X = library/X = X.
  for (const char* registry : {"index.docker.io/", "docker.io/"}) {
    if (image.rfind(registry, 0) == 0) {
      image = image.substr(std::string(registry).size());
      break;
    }
  }
  if (image.rfind("library/", 0) == 0) image = image.substr(std::string("library/").size());
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
  for (const auto& [name, text] : config.default_job_limits()) {
    // As the reader names map entries: "defaultJobLimits.cpu",
    // "defaultJobLimits[\"nvidia.com/gpu\"]".
    const bool plain = name.find_first_not_of(
                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                       std::string::npos;
    const std::string path =
        plain ? "defaultJobLimits." + name : "defaultJobLimits[\"" + name + "\"]";
    auto quantity = Quantity::Parse(text);
    if (quantity.ok() && quantity->Amount() >= 0) continue;
    errors->Add(where(path), path,
                "\"" + text + "\" is not a non-negative quantity (e.g. \"1\", \"1Gi\")");
  }
  static const std::set<std::string> kEffects = {"NoSchedule", "PreferNoSchedule", "NoExecute"};
  std::set<std::string> node_names;
  for (int n = 0; n < config.nodes_size(); ++n) {
    const std::string node_path = "nodes[" + std::to_string(n) + "]";
    const config::Node& node = config.nodes(n);
    if (node.name().empty()) {
      errors->Add(where(node_path), node_path + ".name",
                  "a node needs a name: events and api.Node requests name it");
    } else if (!node_names.insert(node.name()).second) {
      errors->Add(where(node_path + ".name"), node_path + ".name",
                  "node \"" + node.name() + "\" is listed twice");
    }
    for (int i = 0; i < node.taints_size(); ++i) {
      const std::string path = node_path + ".taints[" + std::to_string(i) + "]";
      const auto& taint = node.taints(i);
      if (taint.key().empty()) errors->Add(where(path), path + ".key", "a taint needs a key");
      if (!kEffects.count(taint.effect())) {
        errors->Add(where(path + ".effect"), path + ".effect",
                    "effect \"" + taint.effect() +
                        "\" is not one of NoSchedule, PreferNoSchedule, NoExecute");
      }
    }
    const auto check_quantity = [&](const std::string& key, const std::string& text,
                                    const std::string& example) {
      if (text.empty()) return;
      auto quantity = Quantity::Parse(text);
      if (quantity.ok() && quantity->Amount() > 0) return;
      errors->Add(where(node_path + "." + key), node_path + "." + key,
                  "\"" + text + "\" is not a positive quantity (e.g. " + example + ")");
    };
    check_quantity("cpu", node.cpu(), "\"2\" or \"500m\"");
    check_quantity("memory", node.memory(), "\"8Gi\"");
  }
  for (int i = 0; i < config.allowed_host_paths_size(); ++i) {
    const std::string path = "allowedHostPaths[" + std::to_string(i) + "]";
    const std::string& prefix = config.allowed_host_paths(i);
    // A prefix is allowed when it allows itself.
    if (!HostPathAllowed(prefix, {prefix})) {
      errors->Add(where(path), path,
                  "\"" + prefix + "\" is not an absolute path without \".\" and \"..\"");
    }
  }
  if (!config.pod_subnet().empty()) {
    if (auto subnet = ParsePodSubnet(config.pod_subnet()); !subnet.ok()) {
      errors->Add(where("podSubnet"), "podSubnet", subnet.status().message());
    }
  }
  if (config.pod_id_ranges() > kMaxPodIdRanges) {
    errors->Add(
        where("podIdRanges"), "podIdRanges",
        "at most " + std::to_string(kMaxPodIdRanges) + " id ranges of 65536 fit below 2^31");
  }
  const config::OpenIdAuth& oidc = config.auth().open_id_auth();
  if (oidc.provider_url().empty() && (!oidc.client_id().empty() || !oidc.groups_claim().empty())) {
    errors->Add(where("auth.openIdAuth"), "auth.openIdAuth.providerUrl",
                "openIdAuth needs providerUrl, the OpenID provider whose tokens it accepts");
  }
  if (!oidc.provider_url().empty() && oidc.client_id().empty() && !oidc.skip_client_id_check()) {
    // go-oidc's verifier would refuse every token: say so at start-up.
    errors->Add(where("auth.openIdAuth"), "auth.openIdAuth.clientId",
                "openIdAuth needs clientId (the audience tokens must carry) unless "
                "skipClientIDCheck is true");
  }
}

// Armada's auth methods a single machine cannot serve: refused by name at
// their key, and taken out so the strict reader does not call them unknown.
void RefuseUnsupportedAuth(YAML::Node document, ErrorList* errors) {
  if (!document.IsMap() || !document["auth"] || !document["auth"].IsMap()) return;
  YAML::Node auth = document["auth"];
  static const std::pair<const char*, const char*> kRefused[] = {
      {"kubernetesAuth", "it needs a Kubernetes cluster's TokenReview"},
      {"kerberos", "it needs a Kerberos KDC and LDAP"}};
  for (const auto& [key, why] : kRefused) {
    for (auto it = auth.begin(); it != auth.end(); ++it) {
      if (!it->first.IsScalar() || it->first.Scalar() != key) continue;
      errors->Add(testcase::PositionOf(it->first.Mark()), std::string("auth.") + key,
                  std::string("armada-localstack does not support ") + key + ": " + why +
                      "; use basicAuth, openIdAuth or anonymousAuth");
      break;
    }
    auth.remove(key);
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

ResourceDefaults LocalstackSettings::default_job_limits() const {
  if (config_.default_job_limits().empty()) return ArmadaDefaultJobLimits();
  return ResourceDefaults(config_.default_job_limits().begin(), config_.default_job_limits().end());
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
  // Bounded: a user's file decides neither the memory nor the time it takes.
  const ParsedYaml parsed = ParseYaml(yaml, YamlLimits());
  if (parsed.error) {
    errors.Add({parsed.error->line, parsed.error->column}, "", parsed.error->message);
    return Status::Error(errors.Format(source));
  }
  try {
    const YAML::Node document = parsed.documents.empty() ? YAML::Node() : parsed.documents.front();
    RefuseUnsupportedAuth(document, &errors);
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

StatusOr<std::string> DefaultLocalstackConfigPath(const std::string& executor_config_path) {
  const std::filesystem::path beside =
      std::filesystem::path(executor_config_path).parent_path() / "localstack.yaml";
  if (std::filesystem::exists(beside)) return beside.string();
  return FindShippedFile("e2e-config/localstack.yaml", "pass --localstack-config");
}

StatusOr<LocalstackSettings> LoadLocalstackConfig(const std::string& path) {
  // A real one is a few kilobytes.
  auto text = ReadFileToString(path, 1 << 20);
  if (!text.ok()) return text.status();
  return ParseLocalstackConfig(*text, path);
}

}  // namespace armada::localstack
