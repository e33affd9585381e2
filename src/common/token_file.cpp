#include "common/token_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace armada {
namespace {

constexpr size_t kMaxBytes = 4096;

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string Octal(mode_t mode) {
  return std::to_string((mode >> 6) & 7) + std::to_string((mode >> 3) & 7) +
         std::to_string(mode & 7);
}

}  // namespace

StatusOr<std::string> ReadTokenFile(const std::string& path, std::optional<uid_t> owner) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ELOOP)
    return Status::Error(path + " is a symbolic link; name the file itself");
  if (fd < 0) return Status::Error("cannot read " + path + ": " + std::strerror(errno));
  struct stat info {};
  ::fstat(fd, &info);
  std::string problem;
  if (!S_ISREG(info.st_mode)) {
    problem = path + " is not a regular file";
  } else if (owner && info.st_uid != *owner) {
    problem = path + " belongs to uid " + std::to_string(info.st_uid) + ", not to uid " +
              std::to_string(*owner) + " who reads it; remove it or choose another file";
  } else if ((info.st_mode & 077) != 0) {
    problem = path + " can be read by others (mode " + Octal(info.st_mode) + "); chmod 600 it";
  }
  std::string text;
  char chunk[512];
  for (ssize_t n; problem.empty() && (n = ::read(fd, chunk, sizeof(chunk))) > 0;) {
    text.append(chunk, static_cast<size_t>(n));
    if (text.size() > kMaxBytes) problem = path + " is too long for a token";
  }
  ::close(fd);
  if (!problem.empty()) return Status::Error(problem);
  const std::string token = Trim(text);
  if (token.empty()) return Status::Error(path + " holds no token");
  if (token.find_first_of(" \t\r\n") != std::string::npos) {
    return Status::Error(path + " must hold one token on one line");
  }
  return token;
}

}  // namespace armada
