#include "auth/oidc_discovery.h"

#include <nlohmann/json.hpp>

#include "http/http_client.h"

namespace armada::auth {
namespace {

std::string StringField(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : "";
}

}  // namespace

StatusOr<ProviderEndpoints> DiscoverProvider(const std::string& provider_url) {
  std::string base = provider_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::Request request;
  request.url = base + "/.well-known/openid-configuration";
  request.headers.push_back("Accept: application/json");
  request.timeout = std::chrono::seconds(30);
  StatusOr<http::Response> response = http::Fetch(request);
  if (!response.ok()) return Status::Error("OpenID discovery: " + response.status().message());
  if (response->status != 200) {
    return Status::Error("OpenID discovery: " + request.url + " answered HTTP " +
                         std::to_string(response->status));
  }
  const nlohmann::json json =
      nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return Status::Error("OpenID discovery: " + request.url + " did not answer a JSON object");
  }
  ProviderEndpoints endpoints;
  endpoints.issuer = StringField(json, "issuer");
  endpoints.token_endpoint = StringField(json, "token_endpoint");
  endpoints.authorization_endpoint = StringField(json, "authorization_endpoint");
  endpoints.device_authorization_endpoint = StringField(json, "device_authorization_endpoint");
  endpoints.jwks_uri = StringField(json, "jwks_uri");
  if (json.contains("id_token_signing_alg_values_supported") &&
      json["id_token_signing_alg_values_supported"].is_array()) {
    for (const auto& alg : json["id_token_signing_alg_values_supported"]) {
      if (alg.is_string()) endpoints.signing_algorithms.push_back(alg.get<std::string>());
    }
  }
  if (endpoints.issuer != provider_url) {
    return Status::Error("OpenID discovery: the provider at " + request.url + " names issuer \"" +
                         endpoints.issuer + "\", not the configured providerUrl \"" + provider_url +
                         "\"");
  }
  if (endpoints.token_endpoint.empty()) {
    return Status::Error("OpenID discovery: " + request.url + " names no token_endpoint");
  }
  return endpoints;
}

}  // namespace armada::auth
