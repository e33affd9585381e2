// An OpenID provider's endpoints from its discovery document, as go-oidc's
// NewProvider reads them (Armada's client calls it first in every OpenID
// mode but openIdKubernetesAuth).
//
// Contract: GET PROVIDER/.well-known/openid-configuration (a trailing '/'
// of PROVIDER dropped); its "issuer" must equal PROVIDER as configured
// (go-oidc's check, which catches a provider reached by another name);
// token_endpoint is required, the others are empty when absent. Errors name
// the URL. jwks_uri and id_token_signing_alg_values_supported are what a
// server verifying the provider's tokens needs (id_token_verifier.h).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace armada::auth {

struct ProviderEndpoints {
  std::string issuer;
  std::string token_endpoint;
  std::string authorization_endpoint;
  std::string device_authorization_endpoint;
  std::string jwks_uri;
  std::vector<std::string> signing_algorithms;  // id_token_signing_alg_values_supported
};

StatusOr<ProviderEndpoints> DiscoverProvider(const std::string& provider_url);

}  // namespace armada::auth
