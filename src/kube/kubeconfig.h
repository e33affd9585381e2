// Reads kubeconfig files the way kubectl and Armada's runner (client-go) do,
// for the one thing this project needs from Kubernetes: how to reach the
// current context's API server.
//
// Contract:
// - Files: KUBECONFIG's colon-separated list, else ~/.kube/config. Several
//   files merge as client-go merges them: the first file that sets
//   current-context, or defines a context, cluster or user of a given name,
//   wins; missing files in the list are skipped.
// - Each file is read bounded (4 MiB, common/bounded_yaml.h): a malformed
//   one is an error naming file:line:column.
// - The current context gives the server URL, the CA (certificate-authority
//   file or certificate-authority-data, or insecure-skip-tls-verify), the
//   client certificate and key (files or *-data), a bearer token (token or
//   tokenFile), basic auth (username/password) and an exec credential
//   plugin (kube/exec_plugin.h; v1 and v1beta1), run when a request needs
//   it. Relative file names, and an exec command with a '/', are relative
//   to the kubeconfig file that names them.
// - auth-provider plugins (gone from kubectl since 1.26) are an error that
//   says what to use instead.
// Every error names the file and the entry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/http_client.h"
#include "kube/exec_plugin.h"

namespace armada::kube {

struct ClusterAccess {
  std::string context;  // the context used
  std::string server;   // e.g. https://127.0.0.1:6443, no trailing slash
  http::TlsOptions tls;
  std::string token;                           // bearer token; empty: none
  std::string basic_username, basic_password;  // empty username: none
  // Null: none. Its credential, when it gives one, wins over token and the
  // client certificate, as in client-go.
  std::shared_ptr<ExecPlugin> exec;
};

// The kubeconfig files to read, from the KUBECONFIG and HOME values (null
// when unset).
std::vector<std::string> KubeconfigPaths(const char* kubeconfig_env, const char* home_env);

// The current context's cluster access from the merged files.
StatusOr<ClusterAccess> LoadClusterAccess(const std::vector<std::string>& paths);

}  // namespace armada::kube
