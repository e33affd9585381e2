// armadactl's execAuth (pkg/client/auth/exec/authenticator.go): runs
// `cmd args...` with env's variables added, stdin passed through when
// interactive, on every call, one run at a time; its trimmed stdout is the
// bearer token. Not a Kubernetes ExecCredential: the output is the token
// itself.
//
// Differences from Go, on purpose: an error never holds the command's stdout
// (Go's does); a run is bounded (5 minutes interactive, else 60 s), where
// Go's waits for ever.
#pragma once

#include <memory>

#include "auth/auth_settings.h"
#include "auth/credentials.h"

namespace armada::auth {

std::shared_ptr<Credentials> ExecCredentials(const ExecAuth& settings);

}  // namespace armada::auth
