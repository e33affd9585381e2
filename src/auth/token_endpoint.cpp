#include "auth/token_endpoint.h"

#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace armada::auth {
namespace {

std::string Printable(const std::string& text, size_t limit) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& form) {
  std::string body;
  for (const auto& [name, value] : form) {
    if (!body.empty()) body += '&';
    body += http::UrlEncode(name) + "=" + http::UrlEncode(value);
  }
  return body;
}

std::string DescribeOAuthError(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_string()) return "";
  std::string text = Printable(json["error"].get<std::string>(), 100);
  if (json.contains("error_description") && json["error_description"].is_string()) {
    text += " (" + Printable(json["error_description"].get<std::string>(), 300) + ")";
  }
  return text;
}

StatusOr<Token> ParseTokenResponse(const std::string& body, const std::string& source) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string() ||
      json["access_token"].get<std::string>().empty()) {
    return Status::Error(source + " answered without an access_token");
  }
  Token token;
  token.access_token = json["access_token"].get<std::string>();
  if (json.contains("refresh_token") && json["refresh_token"].is_string()) {
    token.refresh_token = json["refresh_token"].get<std::string>();
  }
  if (json.contains("expires_in") && json["expires_in"].is_number()) {
    const double seconds = json["expires_in"].get<double>();
    if (seconds > 0) {
      token.expiry = std::chrono::system_clock::now() +
                     std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    }
  }
  return token;
}

StatusOr<Token> RequestToken(const TokenRequest& request) {
  http::Request http_request;
  http_request.method = "POST";
  http_request.url = request.url;
  http_request.tls = request.tls;
  http_request.timeout = request.timeout;
  http_request.headers = {"Content-Type: application/x-www-form-urlencoded",
                          "Accept: application/json"};
  auto form = request.form;
  if (!request.client_secret.empty()) {
    // RFC 6749 2.3.1: each part form-encoded before the basic encoding.
    http_request.headers.push_back("Authorization: Basic " +
                                   Base64Encode(http::UrlEncode(request.client_id) + ":" +
                                                http::UrlEncode(request.client_secret)));
  } else if (!request.client_id.empty()) {
    form.emplace_back("client_id", request.client_id);
  }
  http_request.body = FormEncode(form);
  StatusOr<http::Response> response = http::Fetch(http_request);
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    std::string why = DescribeOAuthError(response->body);
    if (why.empty()) why = "HTTP " + std::to_string(response->status);
    return Status::Error("the token endpoint " + request.url + " refused: " + why);
  }
  return ParseTokenResponse(response->body, "the token endpoint " + request.url);
}

}  // namespace armada::auth
