#include "auth/reused_token.h"

namespace armada::auth {

ReusedToken::ReusedToken(Fetch fetch, std::optional<Token> initial)
    : fetch_(std::move(fetch)), token_(std::move(initial)) {}

StatusOr<Token> ReusedToken::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::system_clock::now();
  if (token_ && !token_->access_token.empty() &&
      (!token_->expiry || *token_->expiry - kExpiryDelta > now)) {
    return *token_;
  }
  StatusOr<Token> fresh = fetch_(token_);
  // The expired token stays: its refresh token is the next try's.
  if (!fresh.ok()) return fresh.status();
  token_ = *fresh;
  return fresh;
}

}  // namespace armada::auth
