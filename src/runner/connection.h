// One gRPC channel to an Armada server, shared by every test of a run, with
// the clients for the services the runner calls.
//
// Contract: the ClientConfig's authentication mode (auth/make_credentials.h)
// gives every call made with a context from NewContext its "authorization"
// header, obtained for that call (a token is refreshed before it expires,
// execAuth runs its command); credentials are never logged. A call whose
// credentials cannot be had fails UNAVAILABLE without reaching the server,
// its message saying why (gRPC's code for a failed credentials plugin, so a
// unary call retries it as it retries a dropped connection). Stubs are
// thread-safe, so many tests call through one Connection at once.
// A real network: unary calls (not the event stream) retry UNAVAILABLE and
// RESOURCE_EXHAUSTED up to 5 attempts with backoff (gRPC service config),
// and a call with a timeout waits for a connection that is still coming up
// (wait-for-ready) within that timeout; CheckHealth alone fails fast.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "api/binoculars.grpc.pb.h"
#include "api/event.grpc.pb.h"
#include "api/job.grpc.pb.h"
#include "api/node.grpc.pb.h"
#include "api/submit.grpc.pb.h"
#include "auth/credentials.h"
#include "common/status.h"
#include "runner/client_config.h"

namespace armada::runner {

class Connection {
 public:
  // Opens a channel (lazily; nothing is dialled until the first call).
  explicit Connection(const ClientConfig& config);

  // A context for one call carrying the credentials; a zero timeout means no
  // deadline (used for event streams).
  std::unique_ptr<grpc::ClientContext> NewContext(
      std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) const;

  // Obtains the credentials once (an error names the mode and why, e.g. a
  // provider refusing the client secret), waits up to connect_timeout for
  // the channel to connect (a server still starting gets that long), then
  // calls the server's Health. The error
  // names the URL, the timeout, the last transport error and, when the
  // channel uses TLS, how to turn TLS off.
  Status CheckHealth(std::chrono::milliseconds connect_timeout) const;

  const std::string& url() const { return url_; }
  api::Submit::Stub& submit() const { return *submit_; }
  api::QueueService::Stub& queues() const { return *queues_; }
  api::Event::Stub& events() const { return *events_; }
  api::Node::Stub& nodes() const { return *nodes_; }
  api::Jobs::Stub& jobs() const { return *jobs_; }
  // Armada's Binoculars log service, for a Connection to its URL (and to
  // armada-localstack, which serves it beside the rest).
  binoculars::Binoculars::Stub& binoculars() const { return *binoculars_; }

 private:
  std::string url_;
  bool tls_;
  std::shared_ptr<auth::Credentials> credentials_;  // null: unauthenticated
  std::shared_ptr<grpc::CallCredentials> call_credentials_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<api::Submit::Stub> submit_;
  std::unique_ptr<api::QueueService::Stub> queues_;
  std::unique_ptr<api::Event::Stub> events_;
  std::unique_ptr<api::Node::Stub> nodes_;
  std::unique_ptr<api::Jobs::Stub> jobs_;
  std::unique_ptr<binoculars::Binoculars::Stub> binoculars_;
};

// "CODE: message" for a failed call, e.g. "UNAVAILABLE: connection refused".
std::string DescribeRpcError(const grpc::Status& status);

}  // namespace armada::runner
