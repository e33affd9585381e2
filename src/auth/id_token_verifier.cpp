#include "auth/id_token_verifier.h"

#include <cjose/cjose.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auth/oidc_discovery.h"
#include "http/http_client.h"

namespace armada::auth {
namespace {

struct JwkRelease {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
struct JwsRelease {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
using Jws = std::unique_ptr<cjose_jws_t, JwsRelease>;

// Go's %q of a string and of a []string, as go-oidc's messages print them.
std::string Quoted(const std::string& s) { return nlohmann::json(s).dump(); }
std::string Quoted(const std::vector<std::string>& list) {
  std::string out = "[";
  for (const auto& s : list) out += (out.size() > 1 ? " " : "") + Quoted(s);
  return out + "]";
}

// Go's time.Time %v in UTC.
std::string GoTime(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
  return buffer;
}

std::vector<std::string> Audience(const nlohmann::json& claims) {
  std::vector<std::string> audience;
  if (!claims.contains("aud")) return audience;
  const auto& aud = claims["aud"];
  if (aud.is_string()) audience.push_back(aud.get<std::string>());
  if (aud.is_array()) {
    for (const auto& item : aud) {
      if (item.is_string()) audience.push_back(item.get<std::string>());
    }
  }
  return audience;
}

std::vector<std::string> StringList(const nlohmann::json& claims, const std::string& name) {
  std::vector<std::string> values;
  if (name.empty() || !claims.contains(name) || !claims[name].is_array()) return values;
  for (const auto& item : claims[name]) {
    // As Armada's json.Unmarshal into []string: one non-string, and none.
    if (!item.is_string()) return {};
    values.push_back(item.get<std::string>());
  }
  return values;
}

StatusOr<int64_t> Seconds(const nlohmann::json& claims, const char* name) {
  if (!claims.contains(name)) return int64_t{0};
  if (!claims[name].is_number()) {
    return Status::Error(std::string("oidc: failed to unmarshal claims: \"") + name +
                         "\" is not a number");
  }
  return static_cast<int64_t>(claims[name].get<double>());
}

Status Refused(const std::string& message) { return Status::Error(message); }

// The signature, by the key the token names (or any key when it names none).
Status CheckSignature(cjose_jws_t* jws, const std::string& jwks_json) {
  cjose_err err;
  const char* kid = cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_KID, &err);
  const nlohmann::json jwks = nlohmann::json::parse(jwks_json, nullptr, false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return Refused("failed to verify signature: the provider's JWKS has no keys");
  }
  bool known_kid = false;
  for (const auto& key : jwks["keys"]) {
    if (kid != nullptr && key.value("kid", "") != kid) continue;
    known_kid = true;
    const std::string text = key.dump();
    std::unique_ptr<cjose_jwk_t, JwkRelease> jwk(cjose_jwk_import(text.data(), text.size(), &err));
    if (jwk && cjose_jws_verify(jws, jwk.get(), &err)) return Status();
  }
  if (!known_kid) {
    return Status::NotFound("failed to verify signature: no key of the provider's JWKS has kid " +
                            Quoted(kid == nullptr ? "" : kid));
  }
  return Refused("failed to verify signature: no key of the provider's JWKS verifies it");
}

}  // namespace

StatusOr<VerifiedToken> VerifyToken(const std::string& jwt, const std::string& jwks_json,
                                    const TokenCheck& check, int64_t now) {
  cjose_err err;
  Jws jws(cjose_jws_import(jwt.data(), jwt.size(), &err));
  if (!jws) return Refused(std::string("oidc: malformed jwt: ") + err.message);
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return Refused("oidc: malformed jwt: no payload");
  }
  const nlohmann::json claims = nlohmann::json::parse(
      std::string(reinterpret_cast<const char*>(plain), plain_len), nullptr, false);
  if (!claims.is_object()) return Refused("oidc: failed to unmarshal claims: not a JSON object");

  // go-oidc's order: the cheap checks before the signature.
  const std::string issuer =
      claims.contains("iss") && claims["iss"].is_string() ? claims["iss"].get<std::string>() : "";
  if (issuer != check.issuer) {
    return Refused("oidc: id token issued by a different provider, expected " +
                   Quoted(check.issuer) + " got " + Quoted(issuer));
  }
  if (!check.skip_client_id_check) {
    if (check.client_id.empty()) {
      return Refused(
          "oidc: invalid configuration, clientID must be provided or SkipClientIDCheck must be "
          "set");
    }
    const std::vector<std::string> audience = Audience(claims);
    if (std::find(audience.begin(), audience.end(), check.client_id) == audience.end()) {
      return Refused("oidc: expected audience " + Quoted(check.client_id) + " got " +
                     Quoted(audience));
    }
  }
  auto expiry = Seconds(claims, "exp");
  if (!expiry.ok()) return expiry.status();
  if (*expiry < now) {
    return Refused("oidc: token is expired (Token Expiry: " + GoTime(*expiry) + ")");
  }
  auto not_before = Seconds(claims, "nbf");
  if (!not_before.ok()) return not_before.status();
  if (claims.contains("nbf") && now + 300 < *not_before) {
    return Refused("oidc: current time " + GoTime(now) +
                   " before the nbf (not before) time: " + GoTime(*not_before));
  }
  const char* alg = cjose_header_get(cjose_jws_get_protected(jws.get()), CJOSE_HDR_ALG, &err);
  const std::vector<std::string> algorithms =
      check.algorithms.empty() ? std::vector<std::string>{"RS256"} : check.algorithms;
  if (alg == nullptr || std::find(algorithms.begin(), algorithms.end(), alg) == algorithms.end()) {
    return Refused("oidc: id token signed with unsupported algorithm, expected " +
                   Quoted(algorithms) + " got " + Quoted(alg == nullptr ? "" : alg));
  }
  if (Status signature = CheckSignature(jws.get(), jwks_json); !signature.ok()) return signature;

  VerifiedToken token;
  token.subject = claims.value("sub", "");
  token.groups = StringList(claims, check.groups_claim);
  std::istringstream scopes(claims.contains("scope") && claims["scope"].is_string()
                                ? claims["scope"].get<std::string>()
                                : "");
  for (std::string scope; scopes >> scope;) token.scopes.push_back(scope);
  for (const auto& [name, value] : claims.items()) token.claim_names.push_back(name);
  return token;
}

StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Discover(const std::string& provider_url,
                                                                 const std::string& client_id,
                                                                 bool skip_client_id_check,
                                                                 const std::string& groups_claim) {
  auto endpoints = DiscoverProvider(provider_url);
  if (!endpoints.ok()) return endpoints.status();
  if (endpoints->jwks_uri.empty()) {
    return Status::Error("OpenID discovery: " + provider_url +
                         "/.well-known/openid-configuration names no jwks_uri");
  }
  TokenCheck check{endpoints->issuer, client_id, skip_client_id_check,
                   endpoints->signing_algorithms, groups_claim};
  std::unique_ptr<TokenVerifier> verifier(new TokenVerifier(std::move(check), endpoints->jwks_uri));
  std::lock_guard<std::mutex> lock(verifier->mu_);
  if (Status fetched = verifier->FetchKeys(); !fetched.ok()) return fetched;
  return verifier;
}

Status TokenVerifier::FetchKeys() {
  http::Request request;
  request.url = jwks_uri_;
  request.headers.push_back("Accept: application/json");
  auto response = http::Fetch(request);
  fetched_ = std::chrono::steady_clock::now();
  if (!response.ok()) return Status::Error("the provider's keys: " + response.status().message());
  if (response->status != 200) {
    return Status::Error("the provider's keys: " + jwks_uri_ + " answered HTTP " +
                         std::to_string(response->status));
  }
  jwks_ = response->body;
  return Status();
}

StatusOr<VerifiedToken> TokenVerifier::Verify(const std::string& jwt) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::string keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    keys = jwks_;
  }
  auto verified = VerifyToken(jwt, keys, check_, now);
  if (verified.ok() || verified.status().code() != StatusCode::kNotFound) return verified;
  // A key the set does not hold may be a new one: read the set again.
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (std::chrono::steady_clock::now() - fetched_ >= kRefetchInterval) FetchKeys();
    keys = jwks_;
  }
  return VerifyToken(jwt, keys, check_, now);
}

}  // namespace armada::auth
