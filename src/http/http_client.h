// One HTTP(S) request over libcurl: the Kubernetes API (node lookup), an
// ingress check and the Prometheus pushgateway all go through here.
//
// Contract: a transport failure (no connection, TLS handshake refused,
// timeout, bad URL) is an error Status naming the URL; any HTTP status the
// server answers, 4xx and 5xx included, is a response for the caller to judge.
// Thread-safe: each call has its own curl handle; libcurl's global setup runs
// once, on the first call.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::http {

struct TlsOptions {
  // PEM CA certificates to trust instead of the system's; empty: the system's.
  std::string ca_pem;
  // PEM client certificate and key, both or neither.
  std::string client_cert_pem;
  std::string client_key_pem;
  // false: neither the peer's certificate nor its host name is checked (the
  // ingress check, kubeconfig's insecure-skip-tls-verify).
  bool verify = true;
};

struct Request {
  std::string method = "GET";
  std::string url;
  // Whole header lines, e.g. "Host: example" or "Authorization: Bearer T".
  std::vector<std::string> headers;
  // Sent as the request body when non-empty or when method is PUT/POST.
  std::string body;
  TlsOptions tls;
  // Bounds the whole exchange, connecting included. REQUIRES: > 0.
  std::chrono::milliseconds timeout{10000};
};

struct Response {
  long status = 0;
  std::string body;
};

StatusOr<Response> Fetch(const Request& request);

// s with every byte outside RFC 3986's unreserved set percent-encoded (for a
// query parameter or a path segment).
std::string UrlEncode(const std::string& s);

}  // namespace armada::http
