// Base64 (RFC 4648) over OpenSSL's EVP codec: the standard alphabet with
// padding (HTTP basic auth) and the URL alphabet without it (JWT parts,
// Armada's KubernetesAuth header).
#pragma once

#include <string>

#include "common/status.h"

namespace armada {

std::string Base64Encode(const std::string& bytes);
std::string Base64UrlEncode(const std::string& bytes);  // unpadded
// Either alphabet, padded or not; an error names what.
StatusOr<std::string> Base64Decode(const std::string& text, const std::string& what);

}  // namespace armada
