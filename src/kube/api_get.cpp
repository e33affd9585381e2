#include "kube/api_get.h"

#include <nlohmann/json.hpp>

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
  http::Request request;
  request.url = access.server + path_and_query;
  request.headers.push_back("Accept: " + accept);
  if (!access.token.empty()) request.headers.push_back("Authorization: Bearer " + access.token);
  request.tls = access.tls;
  request.timeout = timeout;
  return http::Fetch(request);
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
