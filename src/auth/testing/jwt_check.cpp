#include "auth/testing/jwt_check.h"

#include <chrono>

#include "auth/id_token_verifier.h"
#include "http/http_client.h"

namespace armada::auth::testing {

Status CheckAccessToken(const std::string& jwt, const std::string& jwks_json,
                        const std::string& issuer, const std::string& audience) {
  TokenCheck check;
  check.issuer = issuer;
  check.client_id = audience;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto verified = VerifyToken(jwt, jwks_json, check, now);
  return verified.ok() ? Status() : verified.status();
}

StatusOr<std::string> FetchJwks(const std::string& issuer) {
  http::Request request;
  request.url = issuer + "/jwks";
  StatusOr<http::Response> response = http::Fetch(request);
  if (!response.ok()) return response.status();
  if (response->status != 200)
    return Status::Error(request.url + ": HTTP " + std::to_string(response->status));
  return response->body;
}

}  // namespace armada::auth::testing
