// armadactl's openIdClientCredentialsAuth and openIdPasswordAuth
// (pkg/client/auth/oidc/client_credentials.go, password.go): the provider's
// token endpoint from discovery, then the client_credentials grant whenever
// the kept access token is within oauth2's expiry delta of its end, or the
// password grant (its refresh through auth/interactive_login.h). Nothing is
// asked of the network before the first call.
#pragma once

#include <memory>

#include "auth/auth_settings.h"
#include "auth/credentials.h"
#include "auth/oidc_discovery.h"
#include "auth/reused_token.h"

namespace armada::auth {

std::shared_ptr<Credentials> ClientCredentialsGrant(const OpenIdClientCredentialsAuth& settings);
// One password grant at the discovered token endpoint (for RefreshingLogin,
// which keeps and refreshes its token and caches it with cacheRefreshToken).
StatusOr<Token> PasswordLogin(const ProviderEndpoints& endpoints,
                              const OpenIdPasswordAuth& settings);

// Scopes as the token endpoint's "scope" value (space-separated).
std::string JoinScopes(const std::vector<std::string>& scopes);

}  // namespace armada::auth
