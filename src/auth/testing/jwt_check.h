// Test fixture: checks an access token as Armada's server checks a bearer
// token under openIdAuth, through the one verifier armada-localstack uses
// (auth/id_token_verifier.h), given a JWKS already fetched.
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
