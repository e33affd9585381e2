// cacheRefreshToken's store: the refresh tokens of the interactive and
// password modes, kept between runs under the key "providerUrl:clientId" as
// Armada's Go client keys them (pkg/client/auth/oidc/cache.go).
//
// Difference from Go, documented in the README: Go keeps them in the OS
// keyring (service "armada-oidc"); here they are in one private file,
// $XDG_CACHE_HOME/armada-testsuite/oidc-refresh-tokens.json (else
// ~/.cache/...), the folder 0700 and the file 0600, rewritten whole through
// a temporary file and rename. A file that others can read, or that is not
// JSON, is not used (a warning says why) and is replaced on the next save.
#pragma once

#include <string>

#include "common/status.h"

namespace armada::auth {

class TokenCache {
 public:
  // The default file, from XDG_CACHE_HOME or HOME; "" when neither is set.
  static std::string DefaultPath();
  explicit TokenCache(std::string path) : path_(std::move(path)) {}

  // "" when none is kept.
  StatusOr<std::string> Load(const std::string& key) const;
  Status Save(const std::string& key, const std::string& refresh_token) const;
  Status Remove(const std::string& key) const;

 private:
  const std::string path_;
};

}  // namespace armada::auth
