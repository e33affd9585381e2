// A kubeconfig user's exec credential plugin, run as client-go runs it
// (k8s.io/client-go/plugin/pkg/client/auth/exec): apiVersion
// client.authentication.k8s.io/v1 or v1beta1; the command with its args and
// env, KUBERNETES_EXEC_INFO holding an ExecCredential whose spec says
// whether it may prompt (and, with provideClusterInfo, the cluster); stdin
// passed through only when it may prompt; its stdout an ExecCredential of the
// same apiVersion whose status gives a token or a client certificate and
// key, kept until status.expirationTimestamp (without one, for the run).
//
// Contract: thread-safe; one run at a time. An error names the plugin's
// command, adds its installHint when the command cannot start, and never
// holds what the plugin printed.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace armada::kube {

struct ExecPluginConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string command;      // resolved against the kubeconfig's folder when relative with a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  std::string interactive_mode;  // Never, IfAvailable, Always
  bool provide_cluster_info = false;
  // For provideClusterInfo: the cluster's server, CA (base64), insecure.
  std::string cluster_server, cluster_ca_data;
  bool cluster_insecure = false;
};

struct ExecCredentialStatus {
  std::string token;
  std::string client_certificate_data, client_key_data;  // PEM
};

class ExecPlugin {
 public:
  explicit ExecPlugin(ExecPluginConfig config) : config_(std::move(config)) {}
  // The kept credential while unexpired, else the plugin's new one.
  StatusOr<ExecCredentialStatus> Credential();
  // Forgets the kept credential (after a 401, as client-go does).
  void Invalidate();

 private:
  const ExecPluginConfig config_;
  std::mutex mu_;
  std::optional<ExecCredentialStatus> kept_;
  std::optional<std::chrono::system_clock::time_point> expiry_;
};

// The ExecCredential a plugin printed, checked against api_version; source
// names the plugin in errors.
StatusOr<std::pair<ExecCredentialStatus, std::optional<std::chrono::system_clock::time_point>>>
ParseExecCredential(const std::string& json, const std::string& api_version,
                    const std::string& source);

}  // namespace armada::kube
