#include "auth/make_credentials.h"

#include "auth/exec_credentials.h"
#include "auth/kubernetes_modes.h"
#include "auth/openid_grants.h"
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
  if (mode == "openIdPasswordAuth") return PasswordGrant(s.open_id_password);
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
