#include "report/pushgateway.h"

#include <cstdio>

#include "http/http_client.h"

namespace armada::report {
namespace {

struct Family {
  const char* name;
  const char* help;
  const char* type;
  double (*value)(const TestMetrics&);
};

double Seconds(std::chrono::system_clock::time_point t) {
  // Whole seconds, as Armada's runner reports time.Unix().
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

const Family kFamilies[] = {
    {"armada_testsuite_test_start_time", "The time at which a test started.", "counter",
     [](const TestMetrics& t) { return Seconds(t.start); }},
    {"armada_testsuite_test_finish_time", "The time at which a test finished.", "counter",
     [](const TestMetrics& t) { return Seconds(t.finish); }},
    {"armada_testsuite_test_timeout", "Outputs 1 on test timeout and 0 otherwise.", "gauge",
     [](const TestMetrics& t) { return t.timed_out ? 1.0 : 0.0; }},
    {"armada_testsuite_test_failure",
     "Outputs 1 on test failure, not including timeout, and 0 otherwise.", "gauge",
     [](const TestMetrics& t) { return t.failed && !t.timed_out ? 1.0 : 0.0; }},
};

// A label value escaped as the text format asks: backslash, quote, newline.
std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string FormatMetrics(const std::vector<TestMetrics>& tests) {
  std::string out;
  for (const Family& family : kFamilies) {
    out += std::string("# HELP ") + family.name + " " + family.help + "\n";
    out += std::string("# TYPE ") + family.name + " " + family.type + "\n";
    for (const TestMetrics& t : tests) {
      out += std::string(family.name) + "{testcase=\"" + Escape(t.testcase) + "\",environment=\"" +
             Escape(t.environment) + "\",target=\"" + Escape(t.target) + "\"} " +
             Number(family.value(t)) + "\n";
    }
  }
  return out;
}

Status PushMetrics(const std::string& gateway_url, const std::string& job,
                   const std::vector<TestMetrics>& tests, std::chrono::milliseconds timeout) {
  std::string base = gateway_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.find("://") == std::string::npos) base = "http://" + base;
  http::Request request;
  request.method = "PUT";
  request.url = base + "/metrics/job/" + http::UrlEncode(job);
  request.headers.push_back("Content-Type: text/plain; version=0.0.4; charset=utf-8");
  request.body = FormatMetrics(tests);
  request.timeout = timeout;
  StatusOr<http::Response> response = http::Fetch(request);
  if (!response.ok()) {
    return Status::Error("pushing metrics to the pushgateway: " + response.status().message());
  }
  if (response->status < 200 || response->status >= 300) {
    return Status::Error("pushing metrics to " + request.url + ": HTTP " +
                         std::to_string(response->status) + ": " + response->body.substr(0, 300));
  }
  return Status();
}

}  // namespace armada::report
