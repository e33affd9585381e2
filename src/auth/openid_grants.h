// armadactl's openIdClientCredentialsAuth and openIdPasswordAuth
// (pkg/client/auth/oidc/client_credentials.go, password.go): the provider's
// token endpoint from discovery, then the client_credentials or password
// grant whenever the kept access token is within oauth2's expiry delta of
// its end. Nothing is asked of the network before the first call.
#pragma once

#include <memory>

#include "auth/auth_settings.h"
#include "auth/credentials.h"

namespace armada::auth {

std::shared_ptr<Credentials> ClientCredentialsGrant(const OpenIdClientCredentialsAuth& settings);
std::shared_ptr<Credentials> PasswordGrant(const OpenIdPasswordAuth& settings);

// Scopes as the token endpoint's "scope" value (space-separated).
std::string JoinScopes(const std::vector<std::string>& scopes);

}  // namespace armada::auth
