// An OAuth access token kept until shortly before it expires, then fetched
// anew: golang.org/x/oauth2's ReuseTokenSource, which every token mode of
// Armada's client wraps its source in.
//
// Contract: Get() returns the kept token while it has more than kExpiryDelta
// left (or never expires), else calls fetch (with the token it replaces, so
// a refresh token can be used) under a lock, so concurrent callers fetch
// once. A failed fetch is returned; the next Get() tries again.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

namespace armada::auth {

struct Token {
  std::string access_token;
  std::string refresh_token;  // empty: none
  // Absent: the token does not expire (no expires_in).
  std::optional<std::chrono::system_clock::time_point> expiry;
};

// oauth2's expiryDelta: a token this close to its expiry counts as expired.
inline constexpr std::chrono::seconds kExpiryDelta{10};

class ReusedToken {
 public:
  using Fetch = std::function<StatusOr<Token>(const std::optional<Token>& previous)>;
  explicit ReusedToken(Fetch fetch, std::optional<Token> initial = std::nullopt);

  StatusOr<Token> Get();

 private:
  Fetch fetch_;
  std::mutex mu_;
  std::optional<Token> token_;  // guarded by mu_
};

}  // namespace armada::auth
