// The one writer of a pod's user-namespace id maps: container ids
// 0..kJobIdCount-1 are host ids id_base.. (pod_ids.h), for uids and gids
// alike. Written from outside the namespace, as host root, which may map any
// range (PodProcess for a container's init, DirLayers for a range's view of
// the directory layer).
//
// Contract: writes /proc/PID/uid_map then gid_map. On success true; on
// failure false with errno set (a map can be written once per namespace).
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace armada::localstack {

bool WriteIdMaps(pid_t pid, uint32_t id_base);

}  // namespace armada::localstack
