// What a pod asks for and what a node offers: CPU in millicores, memory in
// bytes. The scheduler (control/) accounts in it; the kubelet (kubelet/)
// limits containers by the same figures.
#pragma once

#include <cstdint>

namespace armada::localstack {

struct Resources {
  int64_t milli_cpu = 0;
  int64_t memory_bytes = 0;
};

}  // namespace armada::localstack
