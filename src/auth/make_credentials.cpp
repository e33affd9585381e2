#include "auth/make_credentials.h"

#include <iostream>

#include "auth/device_flow.h"
#include "auth/exec_credentials.h"
#include "auth/interactive_login.h"
#include "auth/kubernetes_modes.h"
#include "auth/openid_grants.h"
#include "auth/pkce_flow.h"
#include "auth/static_credentials.h"

namespace armada::auth {

std::string ChosenMode(const AuthSettings& s) {
  if (!s.bearer_token.empty()) return "bearer token";
  if (!s.basic.username.empty()) return "basicAuth";
  if (s.kubernetes_native.enabled) return "kubernetesNativeAuth";
  if (!s.open_id.provider_url.empty()) return "openIdAuth";
  if (!s.open_id_device.provider_url.empty()) return "openIdDeviceAuth";
  if (!s.open_id_password.provider_url.empty()) return "openIdPasswordAuth";
  if (!s.open_id_client_credentials.provider_url.empty()) return "openIdClientCredentialsAuth";
  if (!s.open_id_kubernetes.provider_url.empty()) return "openIdKubernetesAuth";
  if (!s.exec.cmd.empty()) return "execAuth";
  return "";
}

std::shared_ptr<Credentials> MakeCredentials(const AuthSettings& s, const AuthEnvironment& env) {
  const std::string mode = ChosenMode(s);
  if (mode == "bearer token") return BearerCredentials(s.bearer_token);
  if (mode == "basicAuth") return BasicCredentials(s.basic.username, s.basic.password);
  if (mode == "kubernetesNativeAuth") {
    return KubernetesNativeCredentials(s.kubernetes_native, env.service_account_dir);
  }
  const std::string cache = s.cache_refresh_token ? env.token_cache_path : "";
  if (mode == "openIdAuth") {
    return RefreshingLogin(
        {mode, s.open_id.provider_url, s.open_id.client_id, cache,
         [settings = s.open_id](const ProviderEndpoints& endpoints) -> StatusOr<Token> {
           if (Status may = MayWaitForLogin(); !may.ok()) return may;
           return PkceLogin(endpoints, settings, std::cerr);
         }});
  }
  if (mode == "openIdDeviceAuth") {
    return RefreshingLogin(
        {mode, s.open_id_device.provider_url, s.open_id_device.client_id, cache,
         [settings = s.open_id_device](const ProviderEndpoints& endpoints) -> StatusOr<Token> {
           if (Status may = MayWaitForLogin(); !may.ok()) {
             return may;
           }
           return DeviceLogin(endpoints, settings, std::cerr);
         }});
  }
  if (mode == "openIdPasswordAuth") {
    return RefreshingLogin({mode, s.open_id_password.provider_url, s.open_id_password.client_id,
                            cache,
                            [settings = s.open_id_password](const ProviderEndpoints& endpoints) {
                              return PasswordLogin(endpoints, settings);
                            }});
  }
  if (mode == "openIdClientCredentialsAuth") {
    return ClientCredentialsGrant(s.open_id_client_credentials);
  }
  if (mode == "openIdKubernetesAuth") {
    return OpenIdKubernetesCredentials(s.open_id_kubernetes, env.service_account_dir);
  }
  if (mode == "execAuth") return ExecCredentials(s.exec);
  return nullptr;
}

}  // namespace armada::auth
