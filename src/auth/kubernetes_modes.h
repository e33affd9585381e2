// The two modes for a runner inside a Kubernetes pod:
// - openIdKubernetesAuth (pkg/client/auth/oidc/kubernetes.go): POSTs
//   grant_type=kubernetes, client_id, scope and the pod's service-account
//   token as client_assertion to providerUrl + "/connect/token" (no
//   discovery); the token is K8S_SERVICEACCOUNT_TOKEN when set, else the
//   mounted file. Sends "Bearer <access_token>", renewed by expires_in.
// - kubernetesNativeAuth (pkg/client/auth/kubernetes/): asks the cluster's
//   TokenRequest API (in-cluster config) for a token of the service account
//   SERVICE_ACCOUNT in namespace POD_NAMESPACE lasting `expiry` seconds, and
//   sends "KubernetesAuth " + base64url({"token":T,"ca":base64url(CA)}),
//   CA being the mounted ca.crt, as Armada's server expects it.
#pragma once

#include <memory>
#include <string>

#include "auth/auth_settings.h"
#include "auth/credentials.h"

namespace armada::auth {

std::shared_ptr<Credentials> OpenIdKubernetesCredentials(const OpenIdKubernetesAuth& settings,
                                                         const std::string& service_account_dir);
std::shared_ptr<Credentials> KubernetesNativeCredentials(const KubernetesNativeAuth& settings,
                                                         const std::string& service_account_dir);

}  // namespace armada::auth
