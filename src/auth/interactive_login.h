// The logins that need a person (openIdAuth's PKCE, openIdDeviceAuth) and
// what they share with openIdPasswordAuth: a login gives an access token and
// usually a refresh token; later tokens come from the refresh token
// (grant_type=refresh_token) and a new login only when that is refused; with
// cacheRefreshToken the refresh token is kept between runs (token_cache.h)
// and tried before any login, as Armada's Go client does
// (pkg/client/auth/oidc/cache.go tryGetCachedToken).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "auth/credentials.h"
#include "auth/oidc_discovery.h"
#include "auth/reused_token.h"

namespace armada::auth {

// The environment variable that lets PKCE and device logins wait without a
// terminal (a test, or a CI step that drives the login itself).
inline constexpr char kLoginWithoutTerminal[] = "ARMADA_TESTSUITE_LOGIN_WITHOUT_TERMINAL";

// OK when a person can answer a login now: stdin or stderr is a terminal, or
// kLoginWithoutTerminal is "1". Else an error naming the modes that need
// nobody (the caller's Credentials prefix it with the mode).
Status MayWaitForLogin();

struct LoginSettings {
  std::string mode;  // e.g. "openIdDeviceAuth", for messages
  std::string provider_url, client_id;
  std::string cache_path;  // empty: no cacheRefreshToken
  // Runs the login itself against the discovered endpoints.
  std::function<StatusOr<Token>(const ProviderEndpoints&)> login;
};

std::shared_ptr<Credentials> RefreshingLogin(LoginSettings settings);

}  // namespace armada::auth
