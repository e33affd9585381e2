// The host ids pods run as: kubelet/pod_id_ranges.h gives each pod one range
// of kJobIdCount ids; localstack.yaml's podIdRanges says how many ranges
// (the settings' check and the kubelet share these bounds).
#pragma once

#include <cstdint>

#include "localstack/pod/run_as.h"

namespace armada::localstack {

// Host uid/gid of the first range's root. Far above any account a host
// normally has; the last range ends below 2^31.
constexpr uint32_t kJobIdBase = 0x60000000;
constexpr uint32_t kJobIdCount = kContainerIds;
constexpr uint32_t kMaxPodIdRanges = (0x80000000U - kJobIdBase) / kJobIdCount;
constexpr uint32_t kDefaultPodIdRanges = 1024;

// The first host id of range `slot`.
constexpr uint32_t IdBaseOf(uint32_t slot) { return kJobIdBase + slot * kJobIdCount; }

}  // namespace armada::localstack
