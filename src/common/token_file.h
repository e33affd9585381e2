// A bearer token kept in a file: the one reader for armada-localstack's
// --token-file and armada-testsuite's --token-file.
//
// Contract: the file must be a regular file (not reached through a symlink)
// that neither group nor others can read, holding one token on one line
// (surrounding whitespace dropped, at most 4 KiB), and, when `owner` is given,
// owned by that uid (a server's own token must not be one another local user
// planted). Errors name the path and never hold the file's contents.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "common/status.h"

namespace armada {

StatusOr<std::string> ReadTokenFile(const std::string& path,
                                    std::optional<uid_t> owner = std::nullopt);

}  // namespace armada
