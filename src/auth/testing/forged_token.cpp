#include "auth/testing/forged_token.h"

#include <cjose/cjose.h>

#include <memory>

namespace armada::auth::testing {
namespace {

struct JwkRelease {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
struct JwsRelease {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct HeaderRelease {
  void operator()(cjose_header_t* header) const { cjose_header_release(header); }
};

}  // namespace

StatusOr<std::string> ForgeToken(const std::string& jwt,
                                 const std::function<void(nlohmann::json&)>& edit) {
  cjose_err err;
  std::unique_ptr<cjose_jws_t, JwsRelease> original(cjose_jws_import(jwt.data(), jwt.size(), &err));
  if (!original) return Status::Error("not a JWS");
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(original.get(), &plain, &plain_len, &err)) {
    return Status::Error("no payload");
  }
  nlohmann::json claims = nlohmann::json::parse(
      std::string(reinterpret_cast<const char*>(plain), plain_len), nullptr, false);
  if (!claims.is_object()) return Status::Error("the payload is not a JSON object");
  if (edit) edit(claims);
  const char* kid = cjose_header_get(cjose_jws_get_protected(original.get()), CJOSE_HDR_KID, &err);

  std::unique_ptr<cjose_jwk_t, JwkRelease> key(cjose_jwk_create_RSA_random(2048, nullptr, 0, &err));
  if (!key) return Status::Error(std::string("cannot make an RSA key: ") + err.message);
  std::unique_ptr<cjose_header_t, HeaderRelease> header(cjose_header_new(&err));
  if (!header || !cjose_header_set(header.get(), CJOSE_HDR_ALG, CJOSE_HDR_ALG_RS256, &err) ||
      (kid != nullptr && !cjose_header_set(header.get(), CJOSE_HDR_KID, kid, &err))) {
    return Status::Error(std::string("cannot make a header: ") + err.message);
  }
  const std::string payload = claims.dump();
  std::unique_ptr<cjose_jws_t, JwsRelease> forged(
      cjose_jws_sign(key.get(), header.get(), reinterpret_cast<const uint8_t*>(payload.data()),
                     payload.size(), &err));
  if (!forged) return Status::Error(std::string("cannot sign: ") + err.message);
  const char* compact = nullptr;
  if (!cjose_jws_export(forged.get(), &compact, &err)) {
    return Status::Error(std::string("cannot export: ") + err.message);
  }
  return std::string(compact);
}

}  // namespace armada::auth::testing
