// openIdDeviceAuth's login (pkg/client/auth/oidc/device.go; RFC 8628): asks
// the provider's device_authorization_endpoint for a code (scope: the
// configured scopes plus "openid"), prints where to enter it on stderr
// (verification_uri_complete when given, else verification_uri and the user
// code), then polls the token endpoint every `interval` seconds (default 5,
// slow_down adds 5; at most 60) until the person has logged in, refused, or
// the code expired (expires_in, at most 30 minutes).
#pragma once

#include <ostream>

#include "auth/auth_settings.h"
#include "auth/oidc_discovery.h"
#include "auth/reused_token.h"

namespace armada::auth {

StatusOr<Token> DeviceLogin(const ProviderEndpoints& endpoints, const OpenIdDeviceAuth& settings,
                            std::ostream& prompt);

}  // namespace armada::auth
