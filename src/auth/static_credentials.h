// Credentials fixed for the whole run: a bearer token given to the runner
// (--token-file, --token, ARMADA_TOKEN) and armadactl's basicAuth, sent as
// Armada's Go client sends it ("basic base64(user:password)",
// pkg/client/auth/basic/credentials.go).
#pragma once

#include <memory>
#include <string>

#include "auth/credentials.h"

namespace armada::auth {

std::shared_ptr<Credentials> BearerCredentials(const std::string& token);
std::shared_ptr<Credentials> BasicCredentials(const std::string& username,
                                              const std::string& password);

}  // namespace armada::auth
