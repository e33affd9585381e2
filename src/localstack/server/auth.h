// Who may call armada-localstack: every call must carry credentials that
// Callers (callers.h) accepts — the server's own bearer token, or what
// localstack.yaml's `auth` allows — else it fails UNAUTHENTICATED before
// reaching any service.
//
// The token lives in a file only (never on a command line, in a log or in a
// job's environment): read from --token-file when it exists, else generated
// (256 random bits, hex) and written there, or into the run's own directory,
// with mode 0600.
//
// Contract: the processor is stateless and thread-safe; token comparison
// takes the same time wherever the first difference is. It leaves the
// "authorization" header in the call's metadata: the services ask Callers
// again who the caller is (authorization.h), since gRPC shares the auth
// context it could record that in among the calls of one connection.
#pragma once

#include <grpcpp/security/auth_metadata_processor.h>

#include <memory>
#include <string>

#include "common/status.h"
#include "localstack/server/callers.h"

namespace armada::localstack {

class CallerAuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit CallerAuthProcessor(std::shared_ptr<const Callers> callers)
      : callers_(std::move(callers)) {}

  bool IsBlocking() const override { return callers_->blocking(); }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::shared_ptr<const Callers> callers_;
};

// 64 hex digits from the kernel's random source.
StatusOr<std::string> GenerateToken();

// The token in `path`, read with ReadTokenFile (common/token_file.h) from a
// file this process's user owns; a missing file is first created with a fresh
// token (mode 0600, never through a symlink).
StatusOr<std::string> LoadOrCreateToken(const std::string& path);

// Whether `host` (as in --listen HOST:PORT) names only this machine:
// 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace armada::localstack
