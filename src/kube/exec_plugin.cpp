#include "kube/exec_plugin.h"

#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "common/captured_command.h"

namespace armada::kube {
namespace {

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string StringAt(const nlohmann::json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

}  // namespace

StatusOr<std::pair<ExecCredentialStatus, std::optional<std::chrono::system_clock::time_point>>>
ParseExecCredential(const std::string& json, const std::string& api_version,
                    const std::string& source) {
  const nlohmann::json root = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return Status::Error(source + " did not print an ExecCredential (JSON)");
  if (StringAt(root, "kind") != "ExecCredential") {
    return Status::Error(source + " printed kind \"" + StringAt(root, "kind").substr(0, 60) +
                         "\", not ExecCredential");
  }
  if (StringAt(root, "apiVersion") != api_version) {
    return Status::Error(source + " printed apiVersion \"" +
                         StringAt(root, "apiVersion").substr(0, 80) + "\", not " + api_version +
                         " as its kubeconfig entry says");
  }
  if (!root.contains("status") || !root["status"].is_object()) {
    return Status::Error(source + " printed an ExecCredential without status");
  }
  const nlohmann::json& status = root["status"];
  ExecCredentialStatus credential;
  credential.token = StringAt(status, "token");
  credential.client_certificate_data = StringAt(status, "clientCertificateData");
  credential.client_key_data = StringAt(status, "clientKeyData");
  if (credential.client_certificate_data.empty() != credential.client_key_data.empty()) {
    return Status::Error(source +
                         " printed clientCertificateData or clientKeyData without the other");
  }
  if (credential.token.empty() && credential.client_certificate_data.empty()) {
    return Status::Error(source + " printed neither a token nor a client certificate");
  }
  std::optional<std::chrono::system_clock::time_point> expiry;
  if (const std::string when = StringAt(status, "expirationTimestamp"); !when.empty()) {
    expiry = ParseRfc3339(when);
    if (!expiry) return Status::Error(source + " printed an unreadable expirationTimestamp");
  }
  return std::make_pair(credential, expiry);
}

StatusOr<ExecCredentialStatus> ExecPlugin::Credential() {
  std::lock_guard<std::mutex> lock(mu_);
  if (kept_ && (!expiry_ || *expiry_ > std::chrono::system_clock::now())) return *kept_;

  // client-go: Never never gets a terminal, Always needs one, IfAvailable
  // (v1beta1's default) gets it when there is one.
  const bool terminal = isatty(STDIN_FILENO) == 1;
  const std::string mode =
      config_.interactive_mode.empty() ? "IfAvailable" : config_.interactive_mode;
  const std::string source = "the exec plugin " + config_.command;
  if (mode == "Always" && !terminal) {
    return Status::Error(source + " needs a terminal (interactiveMode: Always) and there is none");
  }
  const bool interactive = mode != "Never" && terminal;
  nlohmann::json spec = {{"interactive", interactive}};
  if (config_.provide_cluster_info) {
    spec["cluster"] = {{"server", config_.cluster_server},
                       {"certificate-authority-data", config_.cluster_ca_data},
                       {"insecure-skip-tls-verify", config_.cluster_insecure}};
  }
  const nlohmann::json info = {
      {"apiVersion", config_.api_version}, {"kind", "ExecCredential"}, {"spec", spec}};

  CapturedCommand command;
  command.argv.push_back(config_.command);
  command.argv.insert(command.argv.end(), config_.args.begin(), config_.args.end());
  for (const auto& [name, value] : config_.env) command.env.push_back(name + "=" + value);
  command.env.push_back("KUBERNETES_EXEC_INFO=" + info.dump());
  command.interactive = interactive;
  command.timeout = interactive ? std::chrono::minutes(5) : std::chrono::seconds(60);
  StatusOr<std::string> out = RunCapturingStdout(command);
  if (!out.ok()) {
    std::string message = "kubeconfig exec plugin: " + out.status().message();
    if (!config_.install_hint.empty() &&
        out.status().message().find("cannot start") != std::string::npos) {
      message += "; " + config_.install_hint;
    }
    return Status::Error(message);
  }
  auto parsed = ParseExecCredential(*out, config_.api_version, source);
  if (!parsed.ok()) return parsed.status();
  kept_ = parsed->first;
  expiry_ = parsed->second;
  return *kept_;
}

void ExecPlugin::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  kept_.reset();
}

}  // namespace armada::kube
