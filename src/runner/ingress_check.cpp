#include "runner/ingress_check.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "http/http_client.h"

namespace armada::runner {

IngressTarget IngressTargetFrom(const char* url, const char* use_tls, const char* port) {
  IngressTarget target;
  if (url != nullptr) target.url = url;
  while (!target.url.empty() && target.url.back() == '/') target.url.pop_back();
  std::string tls = use_tls != nullptr ? use_tls : "";
  tls.erase(0, tls.find_first_not_of(" \t\r\n"));
  tls.erase(tls.find_last_not_of(" \t\r\n") + 1);
  std::transform(tls.begin(), tls.end(), tls.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  target.use_tls = !tls.empty() && tls != "false" && tls != "0";
  if (port != nullptr && *port != '\0') target.port = port;
  return target;
}

IngressTarget IngressTargetFromEnvironment() {
  return IngressTargetFrom(std::getenv("ARMADA_EXECUTOR_INGRESS_URL"),
                           std::getenv("ARMADA_EXECUTOR_USE_TLS"),
                           std::getenv("ARMADA_EXECUTOR_INGRESS_PORT"));
}

IngressCheck::IngressCheck(IngressTarget target, const StopSignal& stop, TestLog& log,
                           std::function<void()> on_answered)
    : target_(std::move(target)), on_answered_(std::move(on_answered)), stop_(&stop), log_(log) {}

IngressCheck::~IngressCheck() {
  stop_.Stop("the test ended");
  for (std::thread& t : threads_) t.join();
}

void IngressCheck::OnEvent(const api::EventMessage& event, std::chrono::system_clock::time_point) {
  if (!event.has_ingress_info()) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [event_port, host] : event.ingress_info().ingress_addresses()) {
    auto check = std::make_unique<Check>();
    check->host = host;
    std::string base = target_.url;
    if (base.empty()) base = (target_.use_tls ? "https://" : "http://") + host;
    const std::string port = target_.port_from_event ? std::to_string(event_port) : target_.port;
    check->url = base + ":" + port + "/";
    check->last_error = "no answer yet";
    log_.Step("ingress: checking GET " + check->url + " with Host: " + host);
    Check* raw = check.get();
    checks_.push_back(std::move(check));
    threads_.emplace_back([this, raw] { RunCheck(raw); });
  }
}

void IngressCheck::RunCheck(Check* check) {
  http::Request request;
  {
    std::lock_guard<std::mutex> lock(mu_);
    request.url = check->url;
    request.headers.push_back("Host: " + check->host);
  }
  request.tls.verify = false;
  // Ingress controllers register a new ingress after a while: retry until
  // the test's end, once a second.
  while (!stop_.stopped()) {
    request.timeout = stop_.CallTimeout(std::chrono::seconds(10));
    StatusOr<http::Response> response = http::Fetch(request);
    std::string error;
    if (!response.ok()) {
      error = response.status().message();
    } else if (response->status != 200) {
      error = "GET " + request.url + " answered HTTP " + std::to_string(response->status);
    } else {
      {
        std::lock_guard<std::mutex> lock(mu_);
        check->answered = true;
        log_.Step("ingress: " + check->host + " answered 200 at " + request.url);
      }
      if (on_answered_) on_answered_();
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      check->last_error = error;
    }
    stop_.WaitFor(std::chrono::seconds(1));
  }
}

bool IngressCheck::all_answered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::all_of(checks_.begin(), checks_.end(),
                     [](const std::unique_ptr<Check>& c) { return c->answered; });
}

std::string IngressCheck::DescribePending() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const std::unique_ptr<Check>& c : checks_) {
    if (c->answered) continue;
    if (!out.empty()) out += "; ";
    out += "ingress " + c->host + " not answered (" + c->last_error + ")";
  }
  return out;
}

}  // namespace armada::runner
