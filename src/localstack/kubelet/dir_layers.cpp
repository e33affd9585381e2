#include "localstack/kubelet/dir_layers.h"

#include <fcntl.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <vector>

#include "localstack/init/idmapped_tree.h"
#include "localstack/kubelet/id_maps.h"
#include "localstack/pod/pod_ids.h"

namespace armada::localstack {
namespace {

// A process that only waits to be killed, in a user namespace of its own.
// Not instrumented: it runs on a stack the sanitizers know nothing of.
__attribute__((no_sanitize("address", "undefined"))) int Idle(void*) {
  while (true) ::pause();
}

// A user namespace mapped as a pod of range id_base (id_maps.h), as an open
// descriptor; -1 with errno set on failure. A process is in it only
// while its maps are written: one sharing this process's memory (not a
// fork's copy of a large server's page tables) that makes no call but pause.
int OpenUserNamespace(uint32_t id_base) {
  constexpr size_t kStackBytes = 64 * 1024;
  std::vector<char> stack(kStackBytes);
  const pid_t pid =
      ::clone(Idle, stack.data() + stack.size(), CLONE_NEWUSER | CLONE_VM | SIGCHLD, nullptr);
  if (pid < 0) return -1;
  int ns = -1;
  if (WriteIdMaps(pid, id_base)) {
    ns = ::open(("/proc/" + std::to_string(pid) + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC);
  }
  const int error = errno;
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  errno = error;
  return ns;
}

// Whether this kernel shows `layer` through range 0's ids; on failure why.
Status CanIdmap(const DirLayer& layer, int ids_fd) {
  const int tree = IdMappedTree(layer.path().c_str(), ids_fd);
  if (tree < 0) return Status::Error(std::string("an idmapped mount: ") + std::strerror(errno));
  ::close(tree);
  return Status();
}

}  // namespace

StatusOr<std::unique_ptr<DirLayers>> DirLayers::Create(const std::string& state_dir, bool idmap) {
  std::unique_ptr<DirLayers> layers(new DirLayers(state_dir));
  ::mkdir((state_dir + "/" + kDirLayerName).c_str(), 0700);
  if (idmap) {
    auto unmapped = DirLayer::Create(state_dir + "/" + kDirLayerName + "/unmapped", 0, state_dir);
    if (!unmapped.ok()) return unmapped.status();
    const int ids = OpenUserNamespace(IdBaseOf(0));
    Status can = ids < 0 ? Status::Error(std::string("a user namespace: ") + std::strerror(errno))
                         : CanIdmap(**unmapped, ids);
    if (can.ok()) {
      layers->unmapped_ = std::move(unmapped).value();
      layers->views_[0] = DirLayerView{layers->unmapped_->path(), ids};
      return layers;
    }
    if (ids >= 0) ::close(ids);
    spdlog::info("each pod id range gets a copy of the directory layer, this kernel refusing {}",
                 can.message());
  }
  auto first = layers->Make(0);
  if (!first.ok()) return first.status();
  layers->views_[0] = *first;
  return layers;
}

DirLayers::~DirLayers() {
  for (const auto& [slot, view] : views_) {
    if (view.ids_fd >= 0) ::close(view.ids_fd);
  }
}

StatusOr<DirLayerView> DirLayers::Make(uint32_t slot) {
  if (unmapped_) {
    const int ids = OpenUserNamespace(IdBaseOf(slot));
    if (ids < 0) return Status::Error(std::string("its user namespace: ") + std::strerror(errno));
    return DirLayerView{unmapped_->path(), ids};
  }
  auto copy = DirLayer::Create(DirLayerPath(state_dir_, slot), IdBaseOf(slot), state_dir_);
  if (!copy.ok()) return copy.status();
  const std::string path = (*copy)->path();
  copies_[slot] = std::move(copy).value();
  return DirLayerView{path, -1};
}

DirLayerView DirLayers::For(uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = views_.find(slot);
  if (found != views_.end()) return found->second;
  auto made = Make(slot);
  if (!made.ok()) {
    spdlog::warn("pod id range {} has no directory layer: {}", slot, made.status().message());
    return views_[slot] = DirLayerView{};
  }
  return views_[slot] = *made;
}

}  // namespace armada::localstack
