// Whether a run waits for its server before the tests, as Armada's runner's
// two paths (cmd/testsuite/cmd/test.go, pkg/client/connection.go
// ArmadaHealthCheck, same at v0.20.40 and v0.22.7):
//
// - armadaRestUrl in the client config: one GET URL/health ("http://" put
//   before a URL without a scheme) first; a transport error or a status
//   outside 200..399 fails the run (every test an <error>, exit 2). It is
//   bounded by --connect-timeout (default 10s; Go's has no bound).
// - Else, with --connect-timeout given (or with --local, whose server this
//   run started): the gRPC Health check within that time, as before.
// - Else no check first: every call waits for the connection within its
//   test's timeout (wait-for-ready, UNAVAILABLE retried), as Go's calls do,
//   and a line says so.
#pragma once

#include <chrono>
#include <optional>

#include "common/status.h"
#include "runner/client_config.h"
#include "runner/connection.h"

namespace armada::cli {

constexpr std::chrono::milliseconds kDefaultConnectTimeout{10'000};

// connect_timeout: --connect-timeout when given; local: --local.
Status AwaitReadiness(const runner::ClientConfig& config, const runner::Connection& connection,
                      std::optional<std::chrono::milliseconds> connect_timeout, bool local);

// The REST path alone: GET rest_url/health within timeout.
Status CheckRestHealth(const std::string& rest_url, std::chrono::milliseconds timeout);

}  // namespace armada::cli
