// What a call to Armada authenticates with: the value of its "authorization"
// header, obtained anew for each call (a mode may refresh or re-run
// something to produce it).
//
// Contract for every implementation: thread-safe; Authorization() may block
// (HTTP, a helper command) and never returns an error holding a secret
// (password, client secret, token, a helper's output).
#pragma once

#include <string>

#include "common/status.h"

namespace armada::auth {

class Credentials {
 public:
  virtual ~Credentials() = default;
  // E.g. "Bearer eyJ...", "basic YWxp...", "KubernetesAuth eyJ...".
  virtual StatusOr<std::string> Authorization() = 0;
  // The mode, as the config names it (e.g. "openIdClientCredentialsAuth"),
  // for messages.
  virtual std::string Mode() const = 0;
};

}  // namespace armada::auth
