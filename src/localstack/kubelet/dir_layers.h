// The directory layers of a server run (dir_layer.h), one per pod id range
// (pod_id_ranges.h), so that a pod's containers find the host's directories
// owned by their own range's ids.
//
// Contract:
// - Create copies the host's directories once, owned as on the host, into
//   kDirLayerName/unmapped of `state_dir`, and shows each range's layer as
//   an idmapped mount of that copy (about a millisecond each). A kernel that
//   cannot idmap a tmpfs (before Linux 6.3) gets a copy per range instead,
//   its owners shifted (a walk of the host's top directories, tens of
//   milliseconds); idmapped() says which, and Create logs why once. With
//   `idmap` false, copies without trying. Range 0's layer is made at once;
//   on failure the reason (there is then no layer at all).
// - For(slot) is range `slot`'s layer, at DirLayerPath: made on first use
//   and kept; "" when it cannot be made (logged once per range).
//   Thread-safe; one layer is made at a time.
// - The destructor detaches every layer.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "localstack/kubelet/dir_layer.h"

namespace armada::localstack {

class DirLayers {
 public:
  static StatusOr<std::unique_ptr<DirLayers>> Create(const std::string& state_dir,
                                                     bool idmap = true);
  DirLayers(const DirLayers&) = delete;
  DirLayers& operator=(const DirLayers&) = delete;

  std::string For(uint32_t slot);
  bool idmapped() const { return unmapped_ != nullptr; }

 private:
  explicit DirLayers(std::string state_dir) : state_dir_(std::move(state_dir)) {}
  StatusOr<std::unique_ptr<DirLayer>> Make(uint32_t slot) const;

  const std::string state_dir_;
  // The host's owners' copy the ranges' layers map; null when they are copies.
  std::unique_ptr<DirLayer> unmapped_;
  std::mutex mu_;
  // By range; null for a range whose layer could not be made. Guarded by mu_.
  std::map<uint32_t, std::unique_ptr<DirLayer>> layers_;
};

}  // namespace armada::localstack
