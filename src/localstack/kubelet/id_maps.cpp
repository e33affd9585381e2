#include "localstack/kubelet/id_maps.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "localstack/pod/pod_ids.h"

namespace armada::localstack {

bool WriteIdMaps(pid_t pid, uint32_t id_base) {
  const std::string proc = "/proc/" + std::to_string(pid) + "/";
  const std::string map = "0 " + std::to_string(id_base) + " " + std::to_string(kJobIdCount);
  for (const char* file : {"uid_map", "gid_map"}) {
    const int fd = ::open((proc + file).c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool written = ::write(fd, map.data(), map.size()) == static_cast<ssize_t>(map.size());
    ::close(fd);
    if (!written) return false;
  }
  return true;
}

}  // namespace armada::localstack
