#include "localstack/kubelet/id_maps.h"

#include <string>

#include "localstack/kubelet/kernel_file.h"
#include "localstack/pod/pod_ids.h"

namespace armada::localstack {

bool WriteIdMaps(pid_t pid, uint32_t id_base) {
  const std::string proc = "/proc/" + std::to_string(pid) + "/";
  const std::string map = "0 " + std::to_string(id_base) + " " + std::to_string(kJobIdCount);
  return WriteKernelFile(proc + "uid_map", map) && WriteKernelFile(proc + "gid_map", map);
}

}  // namespace armada::localstack
