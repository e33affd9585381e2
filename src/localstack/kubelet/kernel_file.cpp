#include "localstack/kubelet/kernel_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace armada::localstack {

bool WriteKernelFile(const std::string& path, std::string_view value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool written =
      ::write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  const int saved = errno;
  const bool closed = ::close(fd) == 0;
  if (!written) errno = saved;
  return closed && written;
}

}  // namespace armada::localstack
