#include "auth/interactive_login.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <mutex>

#include "auth/token_cache.h"
#include "auth/token_credentials.h"
#include "auth/token_endpoint.h"

namespace armada::auth {
namespace {

// What a fetch keeps between calls: the endpoints, and whether the cache was
// looked at.
struct LoginState {
  std::mutex mu;
  std::optional<ProviderEndpoints> endpoints;
  bool cache_read = false;
};

}  // namespace

Status MayWaitForLogin() {
  if (isatty(STDIN_FILENO) == 1 || isatty(STDERR_FILENO) == 1) return Status();
  const char* allowed = std::getenv(kLoginWithoutTerminal);
  if (allowed != nullptr && std::string(allowed) == "1") return Status();
  return Status::Error(
      "this mode needs a person to log in and there is no terminal; without one use "
      "openIdClientCredentialsAuth, openIdPasswordAuth, execAuth, "
      "openIdKubernetesAuth, kubernetesNativeAuth, basicAuth or --token-file (or set " +
      std::string(kLoginWithoutTerminal) + "=1 when something else completes the login)");
}

std::shared_ptr<Credentials> RefreshingLogin(LoginSettings settings) {
  auto state = std::make_shared<LoginState>();
  const std::string mode = settings.mode;
  return std::make_shared<TokenCredentials>(
      mode,
      [settings = std::move(settings),
       state](const std::optional<Token>& previous) -> StatusOr<Token> {
        std::lock_guard<std::mutex> lock(state->mu);
        if (!state->endpoints) {
          StatusOr<ProviderEndpoints> endpoints = DiscoverProvider(settings.provider_url);
          if (!endpoints.ok()) return endpoints.status();
          state->endpoints = *endpoints;
        }
        const TokenCache cache(settings.cache_path);
        const std::string key = settings.provider_url + ":" + settings.client_id;
        std::string refresh = previous ? previous->refresh_token : "";
        bool from_cache = false;
        if (refresh.empty() && !settings.cache_path.empty() && !state->cache_read) {
          state->cache_read = true;
          StatusOr<std::string> cached = cache.Load(key);
          if (cached.ok()) {
            refresh = *cached;
            from_cache = true;
          } else {
            std::cerr << "warning: cacheRefreshToken: " << cached.status().message() << "\n";
          }
        }
        auto keep = [&](Token token) -> Token {
          if (!settings.cache_path.empty() && !token.refresh_token.empty()) {
            if (Status saved = cache.Save(key, token.refresh_token); !saved.ok()) {
              std::cerr << "warning: cacheRefreshToken: " << saved.message() << "\n";
            }
          }
          return token;
        };
        if (!refresh.empty()) {
          TokenRequest request;
          request.url = state->endpoints->token_endpoint;
          request.form = {{"grant_type", "refresh_token"}, {"refresh_token", refresh}};
          request.client_id = settings.client_id;
          StatusOr<Token> refreshed = RequestToken(request);
          if (refreshed.ok()) {
            // A provider that does not rotate refresh tokens answers none.
            if (refreshed->refresh_token.empty()) refreshed->refresh_token = refresh;
            return keep(*refreshed);
          }
          if (from_cache) cache.Remove(key);
        }
        StatusOr<Token> token = settings.login(*state->endpoints);
        if (!token.ok()) return token.status();
        return keep(*token);
      });
}

}  // namespace armada::auth
