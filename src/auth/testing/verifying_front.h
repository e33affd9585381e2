// Test fixture: a gRPC front that accepts only the OpenID provider's access
// tokens and forwards every accepted call, whatever its method or kind
// (unary or streaming), to an upstream Armada (armada-localstack) with the
// upstream's own credentials. A call without a valid token (see
// jwt_check.h) is answered UNAUTHENTICATED and never reaches upstream.
//
// Why a front: armada-localstack accepts only its own bearer token until it
// authenticates as Armada's server does; the front lets the shipped suite
// run against "a server that accepts only the provider's tokens" today.
//
// Test-only.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::auth::testing {

struct FrontSettings {
  std::string issuer;                  // the provider's
  std::string audience;                // the client id the front checks
  std::string jwks;                    // the provider's JWKS (FetchJwks)
  std::string upstream;                // host:port, plaintext
  std::string upstream_authorization;  // e.g. "bearer <localstack token>"
};

class VerifyingFront {
 public:
  // Listens on 127.0.0.1, a free port.
  explicit VerifyingFront(FrontSettings settings);
  ~VerifyingFront();

  std::string address() const;  // 127.0.0.1:PORT
  int accepted() const;
  int refused() const;
  // How many different tokens were accepted (more than one: renewed).
  int distinct_tokens() const;
  // The tokens accepted (for a test to look for them where they must not be).
  std::vector<std::string> accepted_tokens() const;
  // Why the last refused call was refused.
  std::string last_refusal() const;

  // For the calls: checks the call's authorization value.
  Status Admit(const std::string& authorization);
  const FrontSettings& settings() const { return settings_; }
  const std::shared_ptr<grpc::Channel>& upstream() const { return upstream_; }

 private:
  class Service;
  FrontSettings settings_;
  std::shared_ptr<grpc::Channel> upstream_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  mutable std::mutex mu_;
  int accepted_ = 0, refused_ = 0;
  std::set<std::string> tokens_;
  std::string last_refusal_;
};

}  // namespace armada::auth::testing
