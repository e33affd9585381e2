#include "auth/device_flow.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/openid_grants.h"
#include "auth/token_endpoint.h"
#include "http/http_client.h"

namespace armada::auth {
namespace {

// The provider's answer read without exceptions: a field of another type
// counts as absent.
std::string StringOr(const nlohmann::json& json, const char* key, std::string otherwise = "") {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : otherwise;
}
int IntOr(const nlohmann::json& json, const char* key, int otherwise) {
  return json.contains(key) && json[key].is_number_integer() ? json[key].get<int>() : otherwise;
}

}  // namespace

StatusOr<Token> DeviceLogin(const ProviderEndpoints& endpoints, const OpenIdDeviceAuth& settings,
                            std::ostream& prompt) {
  if (endpoints.device_authorization_endpoint.empty()) {
    return Status::Error("the provider " + settings.provider_url +
                         " advertises no device_authorization_endpoint");
  }
  std::vector<std::string> scopes = settings.scopes;
  if (std::find(scopes.begin(), scopes.end(), "openid") == scopes.end()) {
    scopes.push_back("openid");
  }
  http::Request request;
  request.method = "POST";
  request.url = endpoints.device_authorization_endpoint;
  request.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  request.body = FormEncode({{"client_id", settings.client_id}, {"scope", JoinScopes(scopes)}});
  StatusOr<http::Response> response = http::Fetch(request);
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    std::string why = DescribeOAuthError(response->body);
    return Status::Error(request.url + " refused the device login: " +
                         (why.empty() ? "HTTP " + std::to_string(response->status) : why));
  }
  const nlohmann::json answer =
      nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object() || !answer.contains("device_code") ||
      !answer["device_code"].is_string()) {
    return Status::Error(request.url + " answered without a device_code");
  }
  const std::string device_code = answer["device_code"].get<std::string>();
  const std::string complete = StringOr(answer, "verification_uri_complete");
  if (!complete.empty()) {
    prompt << "Complete your login in the browser:\n\n    " << complete << "\n" << std::flush;
  } else {
    prompt << "Go to:\n\n    " << StringOr(answer, "verification_uri")
           << "\n\nand enter code: " << StringOr(answer, "user_code") << "\n"
           << std::flush;
  }
  int interval = IntOr(answer, "interval", 5);
  if (interval <= 0) interval = 5;
  interval = std::min(interval, 60);
  const int expires_in = std::clamp(IntOr(answer, "expires_in", 600), 1, 1800);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in);

  TokenRequest poll;
  poll.url = endpoints.token_endpoint;
  poll.form = {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
               {"device_code", device_code}};
  poll.client_id = settings.client_id;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::seconds(interval));
    StatusOr<Token> token = RequestToken(poll);
    if (token.ok()) {
      prompt << "\nAuthentication successful!\n\n" << std::flush;
      return token;
    }
    const std::string& why = token.status().message();
    if (why.find("authorization_pending") != std::string::npos) continue;
    if (why.find("slow_down") != std::string::npos) {
      interval = std::min(interval + 5, 60);  // RFC 8628 3.5
      continue;
    }
    return token.status();  // access_denied, expired_token, ...
  }
  return Status::Error("the device login was not completed within " + std::to_string(expires_in) +
                       "s; start again");
}

}  // namespace armada::auth
