#include "auth/token_credentials.h"

namespace armada::auth {

TokenCredentials::TokenCredentials(std::string mode, ReusedToken::Fetch fetch)
    : mode_(std::move(mode)), token_(std::move(fetch)) {}

StatusOr<std::string> TokenCredentials::Authorization() {
  StatusOr<Token> token = token_.Get();
  if (!token.ok()) return Status::Error(mode_ + ": " + token.status().message());
  return "Bearer " + token->access_token;
}

}  // namespace armada::auth
