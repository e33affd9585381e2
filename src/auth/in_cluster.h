// What a pod knows about its own cluster, as client-go's rest.InClusterConfig
// reads it: the API server from KUBERNETES_SERVICE_HOST and
// KUBERNETES_SERVICE_PORT, the service account's token and CA from the
// files Kubernetes mounts into every pod. openIdKubernetesAuth and
// kubernetesNativeAuth run only there.
//
// The folder is a parameter so tests can stand in for the mount; the
// shipped binary reads kServiceAccountDir.
#pragma once

#include <string>

#include "common/status.h"
#include "http/http_client.h"

namespace armada::auth {

inline constexpr char kServiceAccountDir[] = "/var/run/secrets/kubernetes.io/serviceaccount";

// DIR/token, trimmed; an error names the file and that it exists only in a
// pod.
StatusOr<std::string> ReadServiceAccountToken(const std::string& dir);

struct InClusterApi {
  std::string server;    // https://HOST:PORT
  std::string token;     // the service account's
  http::TlsOptions tls;  // DIR/ca.crt trusted
};

// An error says which of the variables or files is missing.
StatusOr<InClusterApi> LoadInClusterApi(const std::string& dir);

}  // namespace armada::auth
