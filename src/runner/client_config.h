// Where the Armada server is and how to authenticate to it, read from
// armadactl's client configuration file.
//
// Contract (armadactl's format, keys matched case-insensitively as viper does):
// - With a context (currentContext, or the one passed in), settings come from
//   contexts.<NAME>; a named context that is absent is an error listing the
//   contexts the file has.
// - Without one, settings come from the top level (armadactl's legacy form).
// - Settings read: armadaUrl, armadaRestUrl, forceNoTls, binocularsUrl (where getLogs reads
//   job logs), and every authentication mode of Armada's Go client with its
//   keys (auth/auth_settings.h): basicAuth, kubernetesNativeAuth,
//   openIdAuth, openIdDeviceAuth, openIdPasswordAuth,
//   openIdClientCredentialsAuth, openIdKubernetesAuth, execAuth,
//   cacheRefreshToken. A value of the wrong kind is an error naming its
//   file:line and key.
// - armadaUrl defaults to localhost:50051, armadactl's default.
// - A key this client does not know is a warning naming it and its file:line
//   (with the nearest known key), not an error: armadactl's file may carry
//   settings for other tools. A key that is not a string is an error.
// - No exception escapes: every problem is a Status or a warning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_settings.h"
#include "common/status.h"

namespace armada::runner {

struct ClientConfig {
  std::string armada_url = "localhost:50051";
  // Armada's Binoculars log service HOST:PORT; empty when not configured.
  std::string binoculars_url;
  bool force_no_tls = false;
  // How calls authenticate (auth/make_credentials.h picks the mode); the
  // runner's own bearer token goes in auth.bearer_token.
  auth::AuthSettings auth;
  // PEM certificates to trust for TLS instead of the system's (--ca-file).
  std::string root_certificates;
  // "FILE:LINE: unknown key ..." for each key this client does not know.
  std::vector<std::string> warnings;
  // The settings came from contexts.NAME (not the legacy top level): Go's
  // armadaUrl override rule depends on it (cli/config_discovery.h).
  bool from_context = false;
  // armadaRestUrl: Armada's REST gateway; when set, the run first asks its
  // GET /health, as Armada's runner does.
  std::string armada_rest_url;
};

// Parses a config file's text; source names it in error messages, context
// (when non-empty) overrides the file's currentContext.
StatusOr<ClientConfig> ParseClientConfig(std::string_view yaml, const std::string& source,
                                         const std::string& context);

// Reads (common/read_file.h, at most 1 MiB) and parses the config file at
// path.
StatusOr<ClientConfig> LoadClientConfig(const std::string& path, const std::string& context);

// Whether calls to this config's server use TLS: yes unless forceNoTls is set
// or the URL names localhost, as armadactl decides.
bool UsesTls(const ClientConfig& config);

}  // namespace armada::runner
