// Credentials that send "Bearer <access token>" from a ReusedToken: every
// OAuth mode (oidc/common.go TokenCredentials sends the access token, not
// the ID token). Errors read "MODE: <why the token could not be had>".
#pragma once

#include <memory>
#include <string>

#include "auth/credentials.h"
#include "auth/reused_token.h"

namespace armada::auth {

class TokenCredentials : public Credentials {
 public:
  TokenCredentials(std::string mode, ReusedToken::Fetch fetch);
  StatusOr<std::string> Authorization() override;
  std::string Mode() const override { return mode_; }

 private:
  const std::string mode_;
  ReusedToken token_;
};

}  // namespace armada::auth
