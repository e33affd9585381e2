#include "localstack/server/auth.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/token_file.h"

namespace armada::localstack {
namespace {

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ (i < b.size() ? b[i] : 0);
  return diff == 0;
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext*,
                                         OutputMetadata* consumed_auth_metadata, OutputMetadata*) {
  const auto it = auth_metadata.find("authorization");
  if (it == auth_metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "armada-localstack needs a bearer token: pass --token-file " + token_file_);
  }
  const std::string value(it->second.data(), it->second.size());
  const std::string scheme = "bearer ";
  if (value.size() < scheme.size() ||
      strncasecmp(value.c_str(), scheme.c_str(), scheme.size()) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "armada-localstack takes only bearer tokens (see " + token_file_ + ")");
  }
  if (!ConstantTimeEquals(Trim(value.substr(scheme.size())), token_)) {
    return grpc::Status(
        grpc::StatusCode::UNAUTHENTICATED,
        "wrong bearer token for armada-localstack (its token is in " + token_file_ + ")");
  }
  consumed_auth_metadata->emplace(std::string(it->first.data(), it->first.size()), value);
  return grpc::Status::OK;
}

StatusOr<std::string> GenerateToken() {
  unsigned char bytes[32];
  size_t got = 0;
  while (got < sizeof(bytes)) {
    const ssize_t n = ::getrandom(bytes + got, sizeof(bytes) - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Error(std::string("getrandom: ") + std::strerror(errno));
    got += static_cast<size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  return token;
}

StatusOr<std::string> LoadOrCreateToken(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    auto token = GenerateToken();
    if (!token.ok()) return token.status();
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return Status::Error("cannot create " + path + ": " + std::strerror(errno));
    const std::string line = *token + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!ok) return Status::Error("cannot write " + path);
    return token;
  }
  if (fd >= 0) ::close(fd);
  return ReadTokenFile(path);
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  // 127.0.0.0/8 in dotted form, all four parts numbers.
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace armada::localstack
