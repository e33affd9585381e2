#include "kube/kubeconfig.h"

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

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

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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

StatusOr<std::string> Base64(const std::string& text, const std::string& what) {
  std::string in;
  for (char c : text) {
    if (!isspace(static_cast<unsigned char>(c))) in += c;
  }
  if (in.size() % 4 != 0) return Status::Error(what + " is not base64");
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return Status::Error(what + " is not base64");
  size_t padding = 0;
  if (!in.empty() && in.back() == '=') ++padding;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

// PEM from `data_key` (base64) or the file `file_key` names; "" when neither.
StatusOr<std::string> Pem(const Entry& entry, const char* data_key, const char* file_key,
                          const std::string& where) {
  const std::string data = Scalar(entry.node, data_key);
  if (!data.empty()) return Base64(data, where + "." + data_key);
  std::string path = Scalar(entry.node, file_key);
  if (path.empty()) return std::string();
  if (fs::path(path).is_relative()) path = (fs::path(entry.file).parent_path() / path).string();
  bool ok;
  std::string content = ReadFile(path, &ok);
  if (!ok) return Status::Error(where + "." + file_key + ": cannot read " + path);
  return content;
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
    bool ok;
    const std::string text = ReadFile(file, &ok);
    if (!ok) continue;  // client-go skips missing files of the list
    any = true;
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return Status::Error(file + ":" + std::to_string(e.mark.line + 1) + ":" +
                           std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
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
  if (u["exec"]) {
    return Status::Error(u_where +
                         ".exec: exec credential plugins are not supported by armada-testsuite; "
                         "use a kubeconfig with a client certificate or a token (e.g. kind's "
                         "`kind get kubeconfig`)");
  }
  if (u["auth-provider"]) {
    return Status::Error(u_where +
                         ".auth-provider: auth-provider plugins are not supported by "
                         "armada-testsuite; use a client certificate or a token");
  }
  if (u["username"] || u["password"]) {
    return Status::Error(u_where +
                         ": basic auth (username/password) is not supported; use a "
                         "client certificate or a token");
  }
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
    bool ok;
    access.token = ReadFile(token_file, &ok);
    if (!ok) return Status::Error(u_where + ".tokenFile: cannot read " + token_file);
    while (!access.token.empty() && isspace(static_cast<unsigned char>(access.token.back()))) {
      access.token.pop_back();
    }
  }
  return access;
}

}  // namespace armada::kube
