// How armadactl's client configuration says to authenticate, one struct per
// mode, with the keys of Armada's Go client (v0.22.7
// pkg/client/connection.go ApiConnectionDetails and pkg/client/auth/*).
// Plain data: runner/client_config.h fills it, auth/make_credentials.h picks
// the mode.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace armada::auth {

struct BasicAuth {  // basicAuth
  std::string username, password;
};

struct KubernetesNativeAuth {  // kubernetesNativeAuth
  bool enabled = false;
  int64_t expiry = 0;  // seconds, the TokenRequest's expirationSeconds
};

struct OpenIdPkceAuth {  // openIdAuth
  std::string provider_url, client_id;
  int local_port = 0;  // the redirect's http://localhost:PORT/auth/callback
  std::vector<std::string> scopes;
};

struct OpenIdDeviceAuth {  // openIdDeviceAuth
  std::string provider_url, client_id;
  std::vector<std::string> scopes;
};

struct OpenIdPasswordAuth {  // openIdPasswordAuth
  std::string provider_url, client_id, username, password;
  std::vector<std::string> scopes;
};

struct OpenIdClientCredentialsAuth {  // openIdClientCredentialsAuth
  std::string provider_url, client_id, client_secret;
  std::vector<std::string> scopes;
};

struct OpenIdKubernetesAuth {  // openIdKubernetesAuth
  std::string provider_url, client_id;
  std::vector<std::string> scopes;
};

struct ExecAuth {  // execAuth
  std::string cmd;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // env: [{name, value}]
  bool interactive = false;
};

struct AuthSettings {
  BasicAuth basic;
  KubernetesNativeAuth kubernetes_native;
  OpenIdPkceAuth open_id;
  OpenIdDeviceAuth open_id_device;
  OpenIdPasswordAuth open_id_password;
  OpenIdClientCredentialsAuth open_id_client_credentials;
  OpenIdKubernetesAuth open_id_kubernetes;
  ExecAuth exec;
  bool cache_refresh_token = false;  // cacheRefreshToken
  // Not armadactl's: --token-file, --token or ARMADA_TOKEN; wins over every
  // mode of the file.
  std::string bearer_token;
};

}  // namespace armada::auth
