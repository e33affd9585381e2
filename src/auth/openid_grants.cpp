#include "auth/openid_grants.h"

#include <mutex>

#include "auth/oidc_discovery.h"
#include "auth/token_credentials.h"
#include "auth/token_endpoint.h"

namespace armada::auth {
namespace {

// The token endpoint, discovered on first use and kept.
class TokenUrl {
 public:
  explicit TokenUrl(std::string provider_url) : provider_url_(std::move(provider_url)) {}
  StatusOr<std::string> Get() {
    std::lock_guard<std::mutex> lock(mu_);
    if (url_.empty()) {
      StatusOr<ProviderEndpoints> endpoints = DiscoverProvider(provider_url_);
      if (!endpoints.ok()) return endpoints.status();
      url_ = endpoints->token_endpoint;
    }
    return url_;
  }

 private:
  const std::string provider_url_;
  std::mutex mu_;
  std::string url_;
};

}  // namespace

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) joined += (joined.empty() ? "" : " ") + scope;
  return joined;
}

std::shared_ptr<Credentials> ClientCredentialsGrant(const OpenIdClientCredentialsAuth& settings) {
  auto url = std::make_shared<TokenUrl>(settings.provider_url);
  return std::make_shared<TokenCredentials>(
      "openIdClientCredentialsAuth",
      [settings, url](const std::optional<Token>&) -> StatusOr<Token> {
        StatusOr<std::string> token_url = url->Get();
        if (!token_url.ok()) return token_url.status();
        TokenRequest request;
        request.url = *token_url;
        request.form = {{"grant_type", "client_credentials"}};
        if (!settings.scopes.empty())
          request.form.emplace_back("scope", JoinScopes(settings.scopes));
        request.client_id = settings.client_id;
        request.client_secret = settings.client_secret;
        StatusOr<Token> token = RequestToken(request);
        if (!token.ok()) {
          return Status::Error(token.status().message() + "; check clientId " + settings.client_id +
                               " and its clientSecret");
        }
        return token;
      });
}

StatusOr<Token> PasswordLogin(const ProviderEndpoints& endpoints,
                              const OpenIdPasswordAuth& settings) {
  TokenRequest request;
  request.url = endpoints.token_endpoint;
  request.form = {
      {"grant_type", "password"}, {"username", settings.username}, {"password", settings.password}};
  if (!settings.scopes.empty()) request.form.emplace_back("scope", JoinScopes(settings.scopes));
  request.client_id = settings.client_id;
  StatusOr<Token> token = RequestToken(request);
  if (!token.ok()) {
    return Status::Error(token.status().message() + "; check username " + settings.username +
                         " and its password");
  }
  return token;
}

}  // namespace armada::auth
