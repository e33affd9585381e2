#include "cli/readiness.h"

#include <spdlog/spdlog.h>

#include "http/http_client.h"

namespace armada::cli {

Status CheckRestHealth(const std::string& rest_url, std::chrono::milliseconds timeout) {
  http::Request request;
  request.url = (rest_url.rfind("http", 0) == 0 ? rest_url : "http://" + rest_url) + "/health";
  request.timeout = timeout;
  auto response = http::Fetch(request);
  if (!response.ok()) {
    return Status::Error("health check of armadaRestUrl failed: " + response.status().message());
  }
  if (response->status < 200 || response->status > 399) {
    return Status::Error("health check failed: GET " + request.url + " answered " +
                         std::to_string(response->status));
  }
  return Status();
}

Status AwaitReadiness(const runner::ClientConfig& config, const runner::Connection& connection,
                      std::optional<std::chrono::milliseconds> connect_timeout, bool local) {
  if (!local && !config.armada_rest_url.empty()) {
    spdlog::debug("checking {}/health (armadaRestUrl)", config.armada_rest_url);
    return CheckRestHealth(config.armada_rest_url,
                           connect_timeout.value_or(kDefaultConnectTimeout));
  }
  if (local || connect_timeout) {
    return connection.CheckHealth(connect_timeout.value_or(kDefaultConnectTimeout));
  }
  spdlog::info(
      "not checking {} before the tests (no armadaRestUrl in the client config, as Armada's "
      "runner): each test waits for it within its own timeout; --connect-timeout checks it first",
      connection.url());
  return Status();
}

}  // namespace armada::cli
