// Test fixture: checks an access token as Armada's server checks a bearer
// token under openIdAuth (go-oidc's verifier): a JWS signed by a key of the
// provider's JWKS (matched by kid), issuer equal to the provider's, audience
// containing the expected client id, not expired. Signature checking is
// libcjose's.
//
// Test-only; shared with armada-localstack's authentication tests.
#pragma once

#include <string>

#include "common/status.h"

namespace armada::auth::testing {

// OK, or why the token is refused (never the token itself).
Status CheckAccessToken(const std::string& jwt, const std::string& jwks_json,
                        const std::string& issuer, const std::string& audience);

// GET ISSUER/jwks (oidc-provider's jwks_uri).
StatusOr<std::string> FetchJwks(const std::string& issuer);

}  // namespace armada::auth::testing
