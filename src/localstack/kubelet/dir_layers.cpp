#include "localstack/kubelet/dir_layers.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "localstack/pod/pod_ids.h"

namespace armada::localstack {
namespace {

// The copy the idmapped layers show, beside theirs.
std::string UnmappedPath(const std::string& state_dir) {
  return state_dir + "/" + kDirLayerName + "/unmapped";
}

}  // namespace

StatusOr<std::unique_ptr<DirLayers>> DirLayers::Create(const std::string& state_dir, bool idmap) {
  std::unique_ptr<DirLayers> layers(new DirLayers(state_dir));
  ::mkdir((state_dir + "/" + kDirLayerName).c_str(), 0700);
  if (idmap) {
    auto unmapped = DirLayer::Create(UnmappedPath(state_dir), 0, state_dir);
    if (!unmapped.ok()) return unmapped.status();
    auto first = DirLayer::IdMapped(**unmapped, DirLayerPath(state_dir, 0), IdBaseOf(0));
    if (first.ok()) {
      layers->unmapped_ = std::move(unmapped).value();
      layers->layers_[0] = std::move(first).value();
      return layers;
    }
    spdlog::info("each pod id range gets a copy of the directory layer: {}",
                 first.status().message());
  }
  auto first = layers->Make(0);
  if (!first.ok()) return first.status();
  layers->layers_[0] = std::move(first).value();
  return layers;
}

StatusOr<std::unique_ptr<DirLayer>> DirLayers::Make(uint32_t slot) const {
  const std::string path = DirLayerPath(state_dir_, slot);
  if (unmapped_) return DirLayer::IdMapped(*unmapped_, path, IdBaseOf(slot));
  return DirLayer::Create(path, IdBaseOf(slot), state_dir_);
}

std::string DirLayers::For(uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = layers_.find(slot);
  if (found != layers_.end()) return found->second ? found->second->path() : "";
  auto made = Make(slot);
  if (!made.ok()) {
    spdlog::warn("pod id range {} has no directory layer: {}", slot, made.status().message());
    layers_[slot] = nullptr;
    return "";
  }
  return (layers_[slot] = std::move(made).value())->path();
}

}  // namespace armada::localstack
