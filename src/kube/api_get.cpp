#include "kube/api_get.h"

#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace armada::kube {
namespace {

// The reason phrases of the statuses the Kubernetes API answers with.
std::string ReasonPhrase(long status) {
  switch (status) {
    case 400:
      return " Bad Request";
    case 401:
      return " Unauthorized";
    case 403:
      return " Forbidden";
    case 404:
      return " Not Found";
    case 429:
      return " Too Many Requests";
    case 500:
      return " Internal Server Error";
    case 503:
      return " Service Unavailable";
    default:
      return "";
  }
}

}  // namespace

StatusOr<http::Response> ApiGet(const ClusterAccess& access, const std::string& path_and_query,
                                const std::string& accept, std::chrono::milliseconds timeout) {
  for (int attempt = 0;; ++attempt) {
    http::Request request;
    request.url = access.server + path_and_query;
    request.headers.push_back("Accept: " + accept);
    request.tls = access.tls;
    request.timeout = timeout;
    if (access.exec) {
      StatusOr<ExecCredentialStatus> credential = access.exec->Credential();
      if (!credential.ok()) return credential.status();
      if (!credential->token.empty()) {
        request.headers.push_back("Authorization: Bearer " + credential->token);
      } else {
        request.tls.client_cert_pem = credential->client_certificate_data;
        request.tls.client_key_pem = credential->client_key_data;
      }
    } else if (!access.token.empty()) {
      request.headers.push_back("Authorization: Bearer " + access.token);
    } else if (!access.basic_username.empty()) {
      request.headers.push_back("Authorization: Basic " +
                                Base64Encode(access.basic_username + ":" + access.basic_password));
    }
    StatusOr<http::Response> response = http::Fetch(request);
    // client-go runs the plugin again once when its credential is refused.
    if (access.exec && attempt == 0 && response.ok() && response->status == 401) {
      access.exec->Invalidate();
      continue;
    }
    return response;
  }
}

std::string DescribeApiRefusal(const http::Response& response) {
  std::string message = response.body.substr(0, 300);
  const nlohmann::json body =
      nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    message = body["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(response.status) + ReasonPhrase(response.status) + ": " + message;
}

std::string DescribeCluster(const ClusterAccess& access) {
  return "(kube context " + access.context + ", " + access.server + ")";
}

}  // namespace armada::kube
