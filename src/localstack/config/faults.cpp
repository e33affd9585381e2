#include "localstack/config/faults.h"

#include <random>

namespace armada::localstack {

std::chrono::milliseconds EventDelay(const FaultConfig& faults) {
  if (faults.event_delay_ms <= 0) return std::chrono::milliseconds(0);
  thread_local std::mt19937 random{std::random_device{}()};
  const int half = faults.event_delay_ms / 2;
  std::uniform_int_distribution<int> jitter(-half, half);
  return std::chrono::milliseconds(faults.event_delay_ms + jitter(random));
}

}  // namespace armada::localstack
