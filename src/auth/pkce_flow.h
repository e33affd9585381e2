// openIdAuth's login (pkg/client/auth/oidc/pkce.go): the authorization code
// flow with PKCE (S256) through the person's browser. A server on
// localhost:localPort (0: a free port) redirects "/" to the provider's
// authorization endpoint (scope: the configured scopes plus "openid", a
// random state) and takes the answer at /auth/callback, the redirect URI
// http://localhost:PORT/auth/callback that the provider must have
// registered; the code is exchanged with its verifier. The URL to open is
// printed on stderr (Go opens a browser; this runner only prints). Waits at
// most 5 minutes. The server is libmicrohttpd; randomness and SHA-256 are
// OpenSSL's.
#pragma once

#include <ostream>

#include "auth/auth_settings.h"
#include "auth/oidc_discovery.h"
#include "auth/reused_token.h"

namespace armada::auth {

StatusOr<Token> PkceLogin(const ProviderEndpoints& endpoints, const OpenIdPkceAuth& settings,
                          std::ostream& prompt);

}  // namespace armada::auth
