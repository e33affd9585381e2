#include "auth/testing/jwt_check.h"

#include <cjose/cjose.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "http/http_client.h"

namespace armada::auth::testing {
namespace {

struct JwkRelease {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
struct JwsRelease {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};

bool AudienceHas(const nlohmann::json& aud, const std::string& audience) {
  if (aud.is_string()) return aud == audience;
  if (!aud.is_array()) return false;
  for (const auto& item : aud) {
    if (item.is_string() && item == audience) return true;
  }
  return false;
}

}  // namespace

Status CheckAccessToken(const std::string& jwt, const std::string& jwks_json,
                        const std::string& issuer, const std::string& audience) {
  cjose_err err;
  std::unique_ptr<cjose_jws_t, JwsRelease> jws(cjose_jws_import(jwt.data(), jwt.size(), &err));
  if (!jws) return Status::Error("not a JWS");
  const char* kid = cjose_header_get(cjose_jws_get_protected(jws.get()), CJOSE_HDR_KID, &err);
  const nlohmann::json jwks = nlohmann::json::parse(jwks_json, nullptr, false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return Status::Error("the JWKS has no keys");
  }
  bool verified = false;
  for (const auto& key : jwks["keys"]) {
    if (kid != nullptr && key.value("kid", "") != kid) continue;
    const std::string text = key.dump();
    std::unique_ptr<cjose_jwk_t, JwkRelease> jwk(cjose_jwk_import(text.data(), text.size(), &err));
    if (jwk && cjose_jws_verify(jws.get(), jwk.get(), &err)) {
      verified = true;
      break;
    }
  }
  if (!verified) return Status::Error("signature not verified by the provider's keys");
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return Status::Error("no payload");
  }
  const nlohmann::json claims = nlohmann::json::parse(
      std::string(reinterpret_cast<const char*>(plain), plain_len), nullptr, false);
  if (!claims.is_object()) return Status::Error("the payload is not a JSON object");
  if (claims.value("iss", "") != issuer) return Status::Error("wrong issuer");
  if (!claims.contains("aud") || !AudienceHas(claims["aud"], audience)) {
    return Status::Error("audience is not " + audience);
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (!claims.contains("exp") || !claims["exp"].is_number() ||
      claims["exp"].get<int64_t>() <= now) {
    return Status::Error("expired");
  }
  return Status();
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
