// A bearer token kept in a file: the one reader for armada-localstack's
// --token-file and armada-testsuite's --token-file.
//
// Contract: the file must be a regular file (not reached through a symlink)
// that neither group nor others can read, holding one token on one line
// (surrounding whitespace dropped, at most 4 KiB). Errors name the path and
// never hold the file's contents.
#pragma once

#include <string>

#include "common/status.h"

namespace armada {

StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace armada
