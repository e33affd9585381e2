// One host id range per pod, as Kubernetes gives a user-namespaced pod one:
// slot S maps container ids 0..65535 to host ids IdBaseOf(S).. (pod_ids.h),
// so what one pod's ids own (files, keys in /proc/keys, processes to signal)
// is another pod's "nobody".
//
// Contract:
// - Create(count, lock_file) makes a pool of `count` slots (1..kMaxPodIdRanges).
//   `lock_file` (created, 0600) is shared by every armada-localstack of the
//   host: a slot taken holds an open-file-description lock on its byte there,
//   so two servers never hand out the same slot, and a server that dies
//   frees its slots with it.
// - Acquire gives the lowest slot neither this pool nor another server holds
//   (few slots in use means few per-slot directory layers, dir_layer.h);
//   every slot held is an error of kind kResourceExhausted that says so.
// - Release gives a slot back. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/pod/pod_ids.h"

namespace armada::localstack {

// The lock file every server of the host shares.
inline constexpr char kPodIdLockFile[] = "/run/armada-localstack-id-ranges.lock";

class PodIdRanges {
 public:
  static StatusOr<std::unique_ptr<PodIdRanges>> Create(uint32_t count,
                                                       const std::string& lock_file);
  ~PodIdRanges();
  PodIdRanges(const PodIdRanges&) = delete;
  PodIdRanges& operator=(const PodIdRanges&) = delete;

  // A slot; see the file comment.
  StatusOr<uint32_t> Acquire();
  void Release(uint32_t slot);

  uint32_t count() const { return static_cast<uint32_t>(held_.size()); }

 private:
  PodIdRanges(int fd, uint32_t count) : fd_(fd), held_(count, false) {}
  const int fd_;
  std::mutex mu_;
  std::vector<bool> held_;  // guarded by mu_
};

}  // namespace armada::localstack
