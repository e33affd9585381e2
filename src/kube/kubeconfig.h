// Reads kubeconfig files the way kubectl and Armada's runner (client-go) do,
// for the one thing this project needs from Kubernetes: how to reach the
// current context's API server.
//
// Contract:
// - Files: KUBECONFIG's colon-separated list, else ~/.kube/config. Several
//   files merge as client-go merges them: the first file that sets
//   current-context, or defines a context, cluster or user of a given name,
//   wins; missing files in the list are skipped.
// - The current context gives the server URL, the CA (certificate-authority
//   file or certificate-authority-data, or insecure-skip-tls-verify), the
//   client certificate and key (files or *-data) and a bearer token (token
//   or tokenFile). Relative file names are relative to the kubeconfig file
//   that names them.
// - exec and auth-provider credential plugins, and basic auth, are out of
//   scope: such a user is an error that says so and what to use instead.
// Every error names the file and the entry.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "http/http_client.h"

namespace armada::kube {

struct ClusterAccess {
  std::string context;  // the context used
  std::string server;   // e.g. https://127.0.0.1:6443, no trailing slash
  http::TlsOptions tls;
  std::string token;  // bearer token; empty: none
};

// The kubeconfig files to read, from the KUBECONFIG and HOME values (null
// when unset).
std::vector<std::string> KubeconfigPaths(const char* kubeconfig_env, const char* home_env);

// The current context's cluster access from the merged files.
StatusOr<ClusterAccess> LoadClusterAccess(const std::vector<std::string>& paths);

}  // namespace armada::kube
