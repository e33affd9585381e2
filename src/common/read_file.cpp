#include "common/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace armada {
namespace {

Status CannotRead(const std::string& path, int error) {
  return Status::Error(path + ": cannot read: " + std::strerror(error));
}

Status TooLarge(const std::string& path, std::size_t max_bytes) {
  return Status::Error(path + ": is larger than " + std::to_string(max_bytes) + " bytes");
}

}  // namespace

StatusOr<std::string> ReadFileToString(const std::string& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotRead(path, errno);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return CannotRead(path, error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return Status::Error(path + ": is a directory, not a file");
  }
  if (info.st_size > 0 && static_cast<std::size_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return TooLarge(path, max_bytes);
  }
  // Read by chunks rather than trust st_size: /proc and /sys report 0, and a
  // file may grow while it is read.
  std::string text;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return CannotRead(path, error);
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      return TooLarge(path, max_bytes);
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace armada
