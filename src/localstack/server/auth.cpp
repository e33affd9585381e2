#include "localstack/server/auth.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/token_file.h"

namespace armada::localstack {

grpc::Status CallerAuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext*,
                                          OutputMetadata*, OutputMetadata*) {
  const auto it = auth_metadata.find("authorization");
  const std::string header =
      it == auth_metadata.end() ? "" : std::string(it->second.data(), it->second.size());
  auto principal = callers_->Authenticate(header);
  if (principal.ok()) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, principal.status().message());
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
  // Only a file of this server's own user: one planted by another local user
  // would let them call it.
  return ReadTokenFile(path, ::geteuid());
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
