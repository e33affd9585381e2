// What a pod asks for and what a node offers: CPU in millicores, memory in
// bytes. The scheduler (control/) accounts in it; the kubelet (kubelet/)
// limits containers by the same figures.
#pragma once

#include <cstdint>

namespace armada::localstack {

// a + b for amounts that are never negative, INT64_MAX when that overflows:
// a pod asking more than an int64 holds (8Ei + 4Ei) asks for more than any
// node has, rather than wrapping to a negative request.
inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}

struct Resources {
  int64_t milli_cpu = 0;
  int64_t memory_bytes = 0;
};

}  // namespace armada::localstack
