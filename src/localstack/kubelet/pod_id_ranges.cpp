#include "localstack/kubelet/pod_id_ranges.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace armada::localstack {
namespace {

// An open-file-description lock on byte `slot`: held by this pool's
// descriptor, never by another process's.
bool Lock(int fd, uint32_t slot, short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = slot;
  lock.l_len = 1;
  return ::fcntl(fd, F_OFD_SETLK, &lock) == 0;
}

}  // namespace

StatusOr<std::unique_ptr<PodIdRanges>> PodIdRanges::Create(uint32_t count,
                                                           const std::string& lock_file) {
  if (count < 1 || count > kMaxPodIdRanges) {
    return Status::InvalidArgument("the pod id ranges must number 1 to " +
                                   std::to_string(kMaxPodIdRanges) + ", not " +
                                   std::to_string(count));
  }
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Error("cannot open " + lock_file +
                         " (the host's pod id ranges): " + std::strerror(errno));
  }
  return std::unique_ptr<PodIdRanges>(new PodIdRanges(fd, count));
}

PodIdRanges::~PodIdRanges() { ::close(fd_); }

StatusOr<uint32_t> PodIdRanges::Acquire() {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t slot = 0; slot < held_.size(); ++slot) {
    if (held_[slot] || !Lock(fd_, slot, F_WRLCK)) continue;
    held_[slot] = true;
    return slot;
  }
  return Status::Error(StatusCode::kResourceExhausted,
                       "every one of the " + std::to_string(held_.size()) +
                           " host id ranges for pods is in use (localstack.yaml's podIdRanges)");
}

void PodIdRanges::Release(uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  if (slot >= held_.size() || !held_[slot]) return;
  Lock(fd_, slot, F_UNLCK);
  held_[slot] = false;
}

}  // namespace armada::localstack
