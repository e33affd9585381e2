// Test fixture: a token that is not the provider's but looks like it — the
// claims of a real token, changed as a test asks, signed by a fresh RSA key
// under the provider's key id (libcjose). A verifier must refuse it.
//
// Test-only; shared by the verifier's and armada-localstack's tests.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace armada::auth::testing {

// `jwt`'s claims after `edit`, signed RS256 by a key no JWKS holds; the
// header keeps jwt's "kid".
StatusOr<std::string> ForgeToken(const std::string& jwt,
                                 const std::function<void(nlohmann::json&)>& edit = {});

}  // namespace armada::auth::testing
