// Verifies an OpenID provider's bearer tokens as Armada's server does under
// openIdAuth (v0.22.7 internal/common/auth/oidc.go, which uses go-oidc's
// IDTokenVerifier): the one place this project checks a JWT.
//
// Contract (go-oidc's order and messages, so a refusal reads as Armada's):
// - the token is a compact JWS whose payload is a JSON object;
// - "iss" equals the provider's issuer;
// - unless skip_client_id_check, "aud" (a string or a list) holds client_id;
// - "exp" is not past (a token without one is expired); an "nbf" more than
//   5 minutes ahead is refused;
// - its "alg" is one the provider announces (id_token_signing_alg_values_
//   supported; RS256 when it announces none), and a key of the provider's
//   JWKS (matched by "kid" when the token names one) verifies the signature.
//   Signatures are libcjose's.
// A refusal never quotes the token; one naming a key the JWKS lacks is
// NOT_FOUND (the set may be stale), any other is UNKNOWN. On success: "sub", the groups of
// groups_claim (a list of strings, else none), the space-separated "scope",
// and every claim's name, for Armada's permission mappings.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::auth {

struct TokenCheck {
  std::string issuer;
  std::string client_id;
  bool skip_client_id_check = false;
  // Empty: RS256 only, as go-oidc.
  std::vector<std::string> algorithms;
  std::string groups_claim;
};

struct VerifiedToken {
  std::string subject;
  std::vector<std::string> groups;
  std::vector<std::string> scopes;
  std::vector<std::string> claim_names;
};

// Checks `jwt` against the key set `jwks_json` at time `now` (seconds since
// the epoch).
StatusOr<VerifiedToken> VerifyToken(const std::string& jwt, const std::string& jwks_json,
                                    const TokenCheck& check, int64_t now);

// The provider's verifier: discovery and JWKS read once when made; the JWKS
// read again when a token names a key it does not hold (the provider rotated
// its keys), at most once per kRefetchInterval. Thread-safe.
class TokenVerifier {
 public:
  static constexpr std::chrono::seconds kRefetchInterval{10};

  // Reads PROVIDER_URL/.well-known/openid-configuration (oidc_discovery.h)
  // and its jwks_uri; an error names the URL.
  static StatusOr<std::unique_ptr<TokenVerifier>> Discover(const std::string& provider_url,
                                                           const std::string& client_id,
                                                           bool skip_client_id_check,
                                                           const std::string& groups_claim);

  StatusOr<VerifiedToken> Verify(const std::string& jwt);

 private:
  TokenVerifier(TokenCheck check, std::string jwks_uri)
      : check_(std::move(check)), jwks_uri_(std::move(jwks_uri)) {}
  // Expects mu_ held.
  Status FetchKeys();

  const TokenCheck check_;
  const std::string jwks_uri_;
  std::mutex mu_;
  std::string jwks_;  // guarded by mu_
  std::chrono::steady_clock::time_point fetched_;
};

}  // namespace armada::auth
