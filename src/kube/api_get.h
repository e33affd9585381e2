// One GET against the Kubernetes API of a kubeconfig context, with its
// credentials and TLS settings, and how a refusal reads: the node lookup and
// the pod log both go through here, so both report one alike.
// Thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "http/http_client.h"
#include "kube/kubeconfig.h"

namespace armada::kube {

// The server's answer, whatever its HTTP status; an error only when there
// was none (transport, TLS, timeout), naming the URL.
// REQUIRES: path_and_query starts with '/' and is already URL-encoded.
StatusOr<http::Response> ApiGet(const ClusterAccess& access, const std::string& path_and_query,
                                const std::string& accept, std::chrono::milliseconds timeout);

// A non-200 answer for the user: "HTTP 403 Forbidden: <the server's
// message>", the message from the Kubernetes Status object the API answers
// errors with, else the start of the body.
std::string DescribeApiRefusal(const http::Response& response);

// "(kube context C, https://...)", for the messages about a request.
std::string DescribeCluster(const ClusterAccess& access);

}  // namespace armada::kube
