// Who may call armada-localstack: every call must carry
// "authorization: bearer <token>" with the server's token, else it fails
// UNAUTHENTICATED before reaching any service.
//
// The token lives in a file only (never on a command line, in a log or in a
// job's environment): read from --token-file when it exists, else generated
// (256 random bits, hex) and written there, or into the run's own directory,
// with mode 0600.
//
// Contract: the processor is stateless and thread-safe; token comparison
// takes the same time wherever the first difference is.
#pragma once

#include <grpcpp/security/auth_metadata_processor.h>

#include <string>

#include "common/status.h"

namespace armada::localstack {

class TokenAuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  // `token_file` is only named in error messages.
  TokenAuthProcessor(std::string token, std::string token_file)
      : token_(std::move(token)), token_file_(std::move(token_file)) {}

  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::string token_;
  const std::string token_file_;
};

// 64 hex digits from the kernel's random source.
StatusOr<std::string> GenerateToken();

// The token in `path`, read with ReadTokenFile (common/token_file.h); a
// missing file is first created with a fresh token (mode 0600, never through
// a symlink).
StatusOr<std::string> LoadOrCreateToken(const std::string& path);

// Whether `host` (as in --listen HOST:PORT) names only this machine:
// 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace armada::localstack
