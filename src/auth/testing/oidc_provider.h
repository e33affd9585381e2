// Test fixture: a real OpenID provider (npm oidc-provider, pinned in
// scripts/node/, configured by scripts/node/oidc-provider.mjs) started on
// 127.0.0.1 at a free port for one test and stopped with it. Its access
// tokens are JWTs signed by the provider's published key (jwks_uri) whose
// "aud" is settings.audience, the client id Armada's server checks; it
// serves client credentials, password (registered by the .mjs), refresh,
// device code and authorization code with PKCE.
//
// Test-only (linked into test binaries). Shared by the runner's and
// armada-localstack's authentication tests.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::auth::testing {

struct ProviderClient {
  std::string id;
  std::string secret;  // empty: a public client (token_endpoint_auth_method none)
  std::vector<std::string> grant_types;
  std::vector<std::string> redirect_uris;  // for authorization_code
};

struct ProviderUser {
  std::string name, password;
  std::vector<std::string> groups;
};

struct ProviderSettings {
  std::string audience = "armada";
  int access_token_ttl_seconds = 3600;
  std::vector<ProviderClient> clients;
  std::vector<ProviderUser> users;
};

class OidcProvider {
 public:
  // Starts node and waits (at most 60 s) until the provider serves; an
  // error holds the provider's output.
  // REQUIRES: scripts/setup.sh has installed scripts/node/node_modules.
  static StatusOr<std::unique_ptr<OidcProvider>> Start(const ProviderSettings& settings);
  ~OidcProvider();  // stops the provider (SIGTERM, then waits)
  OidcProvider(const OidcProvider&) = delete;
  OidcProvider& operator=(const OidcProvider&) = delete;

  // "http://127.0.0.1:PORT": the issuer, the providerUrl of a client config.
  const std::string& issuer() const { return issuer_; }
  // What the provider printed on stderr so far (for a failing test's message).
  std::string Log() const;

 private:
  OidcProvider() = default;
  pid_t pid_ = -1;
  std::string dir_;  // settings and log, removed at the end
  std::string issuer_;
};

}  // namespace armada::auth::testing
