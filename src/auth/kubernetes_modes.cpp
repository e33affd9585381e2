#include "auth/kubernetes_modes.h"

#include <cstdlib>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

#include "auth/in_cluster.h"
#include "auth/openid_grants.h"
#include "auth/reused_token.h"
#include "auth/token_credentials.h"
#include "auth/token_endpoint.h"
#include "common/base64.h"
#include "common/read_file.h"

namespace armada::auth {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// An RFC 3339 UTC time as Kubernetes writes it ("2026-12-06T15:00:00Z").
std::optional<std::chrono::system_clock::time_point> ParseKubeTime(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

class NativeCredentials : public Credentials {
 public:
  NativeCredentials(const KubernetesNativeAuth& settings, std::string dir)
      : dir_(std::move(dir)), token_([settings, dir = dir_](const std::optional<Token>&) {
          return RequestServiceAccountToken(settings, dir);
        }) {}

  StatusOr<std::string> Authorization() override {
    StatusOr<Token> token = token_.Get();
    if (!token.ok()) return Status::Error("kubernetesNativeAuth: " + token.status().message());
    StatusOr<std::string> ca = ReadFileToString(dir_ + "/ca.crt", 1 << 20);
    if (!ca.ok()) return Status::Error("kubernetesNativeAuth: " + ca.status().message());
    const nlohmann::json body = {{"token", token->access_token}, {"ca", Base64UrlEncode(*ca)}};
    return "KubernetesAuth " + Base64UrlEncode(body.dump());
  }

  std::string Mode() const override { return "kubernetesNativeAuth"; }

 private:
  static StatusOr<Token> RequestServiceAccountToken(const KubernetesNativeAuth& settings,
                                                    const std::string& dir) {
    StatusOr<InClusterApi> api = LoadInClusterApi(dir);
    if (!api.ok()) return api.status();
    const std::string account = Env("SERVICE_ACCOUNT");
    const std::string ns = Env("POD_NAMESPACE");
    if (account.empty() || ns.empty()) {
      return Status::Error(
          "SERVICE_ACCOUNT and POD_NAMESPACE must name the pod's service account and namespace");
    }
    http::Request request;
    request.method = "POST";
    request.url = api->server + "/api/v1/namespaces/" + http::UrlEncode(ns) + "/serviceaccounts/" +
                  http::UrlEncode(account) + "/token";
    request.headers = {"Content-Type: application/json", "Accept: application/json",
                       "Authorization: Bearer " + api->token};
    request.tls = api->tls;
    request.timeout = std::chrono::seconds(30);
    request.body = nlohmann::json{{"apiVersion", "authentication.k8s.io/v1"},
                                  {"kind", "TokenRequest"},
                                  {"spec", {{"expirationSeconds", settings.expiry}}}}
                       .dump();
    StatusOr<http::Response> response = http::Fetch(request);
    if (!response.ok()) return response.status();
    const nlohmann::json json =
        nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (response->status != 201 && response->status != 200) {
      std::string message;
      if (json.is_object() && json.contains("message") && json["message"].is_string()) {
        message = ": " + json["message"].get<std::string>().substr(0, 300);
      }
      return Status::Error("the TokenRequest for service account " + ns + "/" + account +
                           " answered HTTP " + std::to_string(response->status) + message);
    }
    const nlohmann::json* status =
        json.is_object() && json.contains("status") ? &json["status"] : nullptr;
    if (status == nullptr || !status->is_object() || !status->contains("token") ||
        !(*status)["token"].is_string()) {
      return Status::Error("the TokenRequest for service account " + ns + "/" + account +
                           " answered without status.token");
    }
    Token token;
    token.access_token = (*status)["token"].get<std::string>();
    if (status->contains("expirationTimestamp") && (*status)["expirationTimestamp"].is_string()) {
      token.expiry = ParseKubeTime((*status)["expirationTimestamp"].get<std::string>());
    }
    return token;
  }

  const std::string dir_;
  ReusedToken token_;
};

}  // namespace

std::shared_ptr<Credentials> OpenIdKubernetesCredentials(const OpenIdKubernetesAuth& settings,
                                                         const std::string& service_account_dir) {
  return std::make_shared<TokenCredentials>(
      "openIdKubernetesAuth",
      [settings, service_account_dir](const std::optional<Token>&) -> StatusOr<Token> {
        std::string assertion = Env("K8S_SERVICEACCOUNT_TOKEN");
        if (assertion.empty()) {
          StatusOr<std::string> token = ReadServiceAccountToken(service_account_dir);
          if (!token.ok()) return token.status();
          assertion = *token;
        }
        TokenRequest request;
        request.url = settings.provider_url + "/connect/token";
        request.form = {{"client_id", settings.client_id},
                        {"scope", JoinScopes(settings.scopes)},
                        {"grant_type", "kubernetes"},
                        {"client_assertion", assertion}};
        return RequestToken(request);
      });
}

std::shared_ptr<Credentials> KubernetesNativeCredentials(const KubernetesNativeAuth& settings,
                                                         const std::string& service_account_dir) {
  return std::make_shared<NativeCredentials>(settings, service_account_dir);
}

}  // namespace armada::auth
