// The directory layers of a server run (dir_layer.h), one per pod id range
// (pod_id_ranges.h), so that a pod's containers find the host's directories
// owned by their own range's ids.
//
// Contract:
// - Create copies the host's directories once, owned as on the host, into
//   kDirLayerName/unmapped of `state_dir`; each range's view of it is that
//   copy and a user namespace mapping the range's ids, through which the
//   container's init shows it (init/idmapped_tree.h): no copy per range, and
//   no mount per range in the server's mount namespace, which every
//   container's init copies. A kernel that cannot idmap a tmpfs (before
//   Linux 6.3) gets a copy per range instead, its owners shifted (a walk of
//   the host's top directories, tens of milliseconds each, made on a range's
//   first use); idmapped() says which, and Create logs why once. With
//   `idmap` false, copies without trying. On failure (no layer at all) the
//   reason.
// - For(slot) is range `slot`'s view: made on first use and kept; an empty
//   path when it cannot be made (logged once per range). Thread-safe.
// - The destructor detaches the layers and closes the user namespaces.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "localstack/kubelet/dir_layer.h"

namespace armada::localstack {

// How a pod's containers find the directory layer.
struct DirLayerView {
  // The layer to lay over the host's root, or "" for none.
  std::string path;
  // The user namespace to show `path` through, or -1 when `path` is already
  // owned by the range's ids (a copy). Owned by DirLayers.
  int ids_fd = -1;
};

class DirLayers {
 public:
  static StatusOr<std::unique_ptr<DirLayers>> Create(const std::string& state_dir,
                                                     bool idmap = true);
  ~DirLayers();
  DirLayers(const DirLayers&) = delete;
  DirLayers& operator=(const DirLayers&) = delete;

  DirLayerView For(uint32_t slot);
  bool idmapped() const { return unmapped_ != nullptr; }

 private:
  explicit DirLayers(std::string state_dir) : state_dir_(std::move(state_dir)) {}
  // A copy's view, or a view of unmapped_ with its user namespace.
  StatusOr<DirLayerView> Make(uint32_t slot);

  const std::string state_dir_;
  // The host's owners' copy the views show; null when each range has a copy.
  std::unique_ptr<DirLayer> unmapped_;
  std::mutex mu_;
  // By range, guarded by mu_: the views, and each range's copy when
  // unmapped_ is null. A view with an empty path could not be made.
  std::map<uint32_t, DirLayerView> views_;
  std::map<uint32_t, std::unique_ptr<DirLayer>> copies_;
};

}  // namespace armada::localstack
