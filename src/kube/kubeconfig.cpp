#include "kube/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "common/base64.h"
#include "common/bounded_yaml.h"
#include "common/read_file.h"

namespace armada::kube {
namespace {

namespace fs = std::filesystem;

// One named entry (context, cluster or user) and the file it came from.
struct Entry {
  YAML::Node node;
  std::string file;
};

struct Merged {
  std::string current_context;
  std::string current_context_file;
  std::map<std::string, Entry> contexts, clusters, users;
};

// Far above any kubeconfig, certificate or token file.
constexpr size_t kMaxFileBytes = 4 << 20;

std::string Where(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Adds the named entries of list `key` that an earlier file did not define.
Status MergeList(const YAML::Node& root, const char* key, const char* inner,
                 const std::string& file, std::map<std::string, Entry>* into) {
  const YAML::Node list = root[key];
  if (!list || list.IsNull()) return Status();
  if (!list.IsSequence()) return Status::Error(Where(file, list) + ": " + key + " is not a list");
  for (const YAML::Node& item : list) {
    if (!item.IsMap() || !item["name"] || !item["name"].IsScalar()) {
      return Status::Error(Where(file, item) + ": an entry of " + key + " has no name");
    }
    const std::string name = item["name"].as<std::string>();
    const YAML::Node body = item[inner];
    if (body && !body.IsMap() && !body.IsNull()) {
      return Status::Error(Where(file, body) + ": " + key + "[" + name + "]." + inner +
                           " is not a mapping");
    }
    into->emplace(name, Entry{body ? body : YAML::Node(YAML::NodeType::Map), file});
  }
  return Status();
}

std::string Scalar(const YAML::Node& map, const char* key) {
  const YAML::Node v = map[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

// PEM from `data_key` (base64) or the file `file_key` names; "" when neither.
StatusOr<std::string> Pem(const Entry& entry, const char* data_key, const char* file_key,
                          const std::string& where) {
  const std::string data = Scalar(entry.node, data_key);
  if (!data.empty()) return Base64Decode(data, where + "." + data_key);
  std::string path = Scalar(entry.node, file_key);
  if (path.empty()) return std::string();
  if (fs::path(path).is_relative()) path = (fs::path(entry.file).parent_path() / path).string();
  StatusOr<std::string> content = ReadFileToString(path, kMaxFileBytes);
  if (!content.ok())
    return Status::Error(where + "." + file_key + ": " + content.status().message());
  return content;
}

// users[].user.exec as client-go reads it (clientcmd/api/v1 ExecConfig).
StatusOr<ExecPluginConfig> ReadExec(const YAML::Node& exec, const std::string& file,
                                    const std::string& where) {
  if (!exec.IsMap()) return Status::Error(Where(file, exec) + ": " + where + " is not a mapping");
  ExecPluginConfig config;
  config.api_version = Scalar(exec, "apiVersion");
  if (config.api_version != "client.authentication.k8s.io/v1" &&
      config.api_version != "client.authentication.k8s.io/v1beta1") {
    return Status::Error(Where(file, exec) + ": " + where + ".apiVersion \"" + config.api_version +
                         "\": client-go runs client.authentication.k8s.io/v1 and v1beta1 plugins "
                         "(v1alpha1 is no longer served)");
  }
  config.command = Scalar(exec, "command");
  if (config.command.empty()) {
    return Status::Error(Where(file, exec) + ": " + where + ".command is missing");
  }
  // As clientcmd resolves it: a relative path with a '/' is relative to the
  // kubeconfig file; a bare name is looked up on PATH.
  if (config.command.find('/') != std::string::npos && fs::path(config.command).is_relative()) {
    config.command = (fs::path(file).parent_path() / config.command).string();
  }
  if (const YAML::Node args = exec["args"]; args && !args.IsNull()) {
    if (!args.IsSequence())
      return Status::Error(Where(file, args) + ": " + where + ".args is not a list");
    for (const YAML::Node& arg : args) {
      if (!arg.IsScalar())
        return Status::Error(Where(file, arg) + ": " + where + ".args: not a string");
      config.args.push_back(arg.Scalar());
    }
  }
  if (const YAML::Node env = exec["env"]; env && !env.IsNull()) {
    if (!env.IsSequence())
      return Status::Error(Where(file, env) + ": " + where + ".env is not a list");
    for (const YAML::Node& item : env) {
      const std::string name = Scalar(item, "name");
      if (!item.IsMap() || name.empty()) {
        return Status::Error(Where(file, item) + ": " + where + ".env: an entry has no name");
      }
      config.env.emplace_back(name, Scalar(item, "value"));
    }
  }
  config.install_hint = Scalar(exec, "installHint");
  config.interactive_mode = Scalar(exec, "interactiveMode");
  if (config.interactive_mode.empty() && config.api_version == "client.authentication.k8s.io/v1") {
    return Status::Error(Where(file, exec) + ": " + where +
                         ".interactiveMode is required by client.authentication.k8s.io/v1 "
                         "(Never, IfAvailable or Always)");
  }
  if (!config.interactive_mode.empty() && config.interactive_mode != "Never" &&
      config.interactive_mode != "IfAvailable" && config.interactive_mode != "Always") {
    return Status::Error(Where(file, exec) + ": " + where + ".interactiveMode \"" +
                         config.interactive_mode + "\" is not Never, IfAvailable or Always");
  }
  config.provide_cluster_info = Scalar(exec, "provideClusterInfo") == "true";
  return config;
}

}  // namespace

std::vector<std::string> KubeconfigPaths(const char* kubeconfig_env, const char* home_env) {
  std::vector<std::string> paths;
  if (kubeconfig_env != nullptr && *kubeconfig_env != '\0') {
    std::stringstream list(kubeconfig_env);
    std::string item;
    while (std::getline(list, item, ':')) {
      if (!item.empty()) paths.push_back(item);
    }
    return paths;
  }
  if (home_env != nullptr && *home_env != '\0')
    paths.push_back(std::string(home_env) + "/.kube/config");
  return paths;
}

StatusOr<ClusterAccess> LoadClusterAccess(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return Status::Error("no kubeconfig: neither KUBECONFIG nor HOME is set");
  }
  Merged merged;
  bool any = false;
  for (const std::string& file : paths) {
    std::error_code missing;
    if (!fs::exists(file, missing)) continue;  // client-go skips missing files of the list
    any = true;
    YamlLimits limits;
    limits.max_bytes = kMaxFileBytes;
    StatusOr<std::vector<YAML::Node>> documents = ReadYamlFile(file, limits);
    if (!documents.ok()) return documents.status();
    const YAML::Node root = documents->empty() ? YAML::Node() : documents->front();
    if (root.IsNull()) continue;
    if (!root.IsMap()) return Status::Error(file + ": a kubeconfig is a mapping");
    if (merged.current_context.empty()) {
      merged.current_context = Scalar(root, "current-context");
      merged.current_context_file = file;
    }
    for (Status s : {MergeList(root, "contexts", "context", file, &merged.contexts),
                     MergeList(root, "clusters", "cluster", file, &merged.clusters),
                     MergeList(root, "users", "user", file, &merged.users)}) {
      if (!s.ok()) return s;
    }
  }
  std::string files;
  for (const std::string& p : paths) files += (files.empty() ? "" : ":") + p;
  if (!any) return Status::Error("no kubeconfig found (read " + files + ")");
  if (merged.current_context.empty()) {
    return Status::Error(files + ": no current-context (set one with kubectl config use-context)");
  }
  auto context = merged.contexts.find(merged.current_context);
  if (context == merged.contexts.end()) {
    return Status::Error(merged.current_context_file + ": current-context " +
                         merged.current_context + " names no entry of contexts");
  }
  const std::string ctx_where = context->second.file + ": context " + merged.current_context;
  const std::string cluster_name = Scalar(context->second.node, "cluster");
  const std::string user_name = Scalar(context->second.node, "user");
  auto cluster = merged.clusters.find(cluster_name);
  if (cluster == merged.clusters.end()) {
    return Status::Error(ctx_where + " names cluster '" + cluster_name +
                         "', which no entry of clusters defines");
  }

  ClusterAccess access;
  access.context = merged.current_context;
  const std::string cl_where = cluster->second.file + ": clusters[" + cluster_name + "].cluster";
  access.server = Scalar(cluster->second.node, "server");
  if (access.server.empty()) return Status::Error(cl_where + ".server is missing");
  while (!access.server.empty() && access.server.back() == '/') access.server.pop_back();
  if (Scalar(cluster->second.node, "insecure-skip-tls-verify") == "true") {
    access.tls.verify = false;
  }
  StatusOr<std::string> ca =
      Pem(cluster->second, "certificate-authority-data", "certificate-authority", cl_where);
  if (!ca.ok()) return ca.status();
  access.tls.ca_pem = *ca;

  if (user_name.empty()) return access;
  auto user = merged.users.find(user_name);
  if (user == merged.users.end()) {
    return Status::Error(ctx_where + " names user '" + user_name +
                         "', which no entry of users defines");
  }
  const std::string u_where = user->second.file + ": users[" + user_name + "].user";
  const YAML::Node& u = user->second.node;
  if (u["auth-provider"]) {
    return Status::Error(u_where +
                         ".auth-provider: auth-provider plugins (removed from kubectl since "
                         "Kubernetes 1.26) are not supported; use an exec plugin (e.g. "
                         "kubelogin, gke-gcloud-auth-plugin), a client certificate or a token");
  }
  if (const YAML::Node exec = u["exec"]; exec && !exec.IsNull()) {
    StatusOr<ExecPluginConfig> plugin = ReadExec(exec, user->second.file, u_where + ".exec");
    if (!plugin.ok()) return plugin.status();
    plugin->cluster_server = access.server;
    plugin->cluster_ca_data = Scalar(cluster->second.node, "certificate-authority-data");
    plugin->cluster_insecure = !access.tls.verify;
    access.exec = std::make_shared<ExecPlugin>(std::move(*plugin));
  }
  access.basic_username = Scalar(u, "username");
  access.basic_password = Scalar(u, "password");
  StatusOr<std::string> cert =
      Pem(user->second, "client-certificate-data", "client-certificate", u_where);
  if (!cert.ok()) return cert.status();
  StatusOr<std::string> key = Pem(user->second, "client-key-data", "client-key", u_where);
  if (!key.ok()) return key.status();
  if (cert->empty() != key->empty()) {
    return Status::Error(u_where +
                         ": a client certificate needs its key and a key its certificate");
  }
  access.tls.client_cert_pem = *cert;
  access.tls.client_key_pem = *key;
  access.token = Scalar(u, "token");
  std::string token_file = Scalar(u, "tokenFile");
  if (access.token.empty() && !token_file.empty()) {
    if (fs::path(token_file).is_relative()) {
      token_file = (fs::path(user->second.file).parent_path() / token_file).string();
    }
    StatusOr<std::string> token = ReadFileToString(token_file, kMaxFileBytes);
    if (!token.ok()) return Status::Error(u_where + ".tokenFile: " + token.status().message());
    access.token = *token;
    while (!access.token.empty() && isspace(static_cast<unsigned char>(access.token.back()))) {
      access.token.pop_back();
    }
  }
  return access;
}

}  // namespace armada::kube
