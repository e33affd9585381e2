// Picks the one mode a client config authenticates with, in the order of
// Armada's Go client (v0.22.7 pkg/client/connection.go perRpcCredentials):
// a runner-given bearer token first (not armadactl's; it overrides the
// file), then basicAuth.username → kubernetesNativeAuth.enabled →
// openIdAuth.providerUrl (PKCE) → openIdDeviceAuth → openIdPasswordAuth →
// openIdClientCredentialsAuth → openIdKubernetesAuth → execAuth.cmd.
// Later modes set in the same context are ignored, as in Go. PKCE and device
// logins print what the person must do on stderr and wait; without a
// terminal they fail at once (auth/interactive_login.h).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "auth/auth_settings.h"
#include "auth/credentials.h"
#include "auth/in_cluster.h"
#include "auth/token_cache.h"

namespace armada::auth {

// What the modes need from where the runner runs.
struct AuthEnvironment {
  // The pod's service-account mount (openIdKubernetesAuth,
  // kubernetesNativeAuth).
  std::string service_account_dir = kServiceAccountDir;
  // cacheRefreshToken's file (auth/token_cache.h).
  std::string token_cache_path = TokenCache::DefaultPath();
};

// The chosen mode's name as the config spells it ("basicAuth", ...), or ""
// when the settings name none.
std::string ChosenMode(const AuthSettings& settings);

// Null when the settings name no mode: calls go out unauthenticated.
std::shared_ptr<Credentials> MakeCredentials(const AuthSettings& settings,
                                             const AuthEnvironment& environment);

}  // namespace armada::auth
