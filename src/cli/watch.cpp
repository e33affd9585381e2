#include "cli/watch.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "testcase/glob.h"

namespace armada::cli {
namespace {

constexpr int kSettleMs = 100;

// An eventfd that becomes readable when stop fires, so one poll waits for
// either.
class StopFd {
 public:
  explicit StopFd(const StopSignal& stop)
      : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), registration_(stop.OnStop([this] {
          const uint64_t one = 1;
          (void)!write(fd_, &one, sizeof one);
        })) {}
  ~StopFd() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  StopSignal::Registration registration_;
};

}  // namespace

StatusOr<std::unique_ptr<FileWatcher>> FileWatcher::Create(const std::string& patterns) {
  auto files = testcase::ExpandPatterns(patterns);
  if (!files.ok()) return files.status();
  std::unique_ptr<FileWatcher> watcher(new FileWatcher());
  watcher->patterns_ = patterns;
  watcher->inotify_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watcher->inotify_ < 0) {
    return Status::Error("--watch: cannot start inotify: " + std::string(std::strerror(errno)));
  }
  std::set<std::string> folders;
  for (const std::string& file : *files) {
    const std::filesystem::path folder = std::filesystem::path(file).parent_path();
    folders.insert(folder.empty() ? "." : folder.string());
  }
  for (const std::string& folder : folders) {
    const int wd = inotify_add_watch(watcher->inotify_, folder.c_str(),
                                     IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR);
    if (wd < 0) {
      return Status::Error("--watch: cannot watch " + folder + ": " + std::strerror(errno));
    }
    watcher->descriptors_.push_back(wd);
    watcher->folders_.push_back(folder);
  }
  return watcher;
}

FileWatcher::~FileWatcher() {
  if (inotify_ >= 0) close(inotify_);
}

std::vector<std::string> FileWatcher::WaitForChanges(const StopSignal& stop) {
  StopFd stop_fd(stop);
  std::set<std::string> touched;  // paths as folder/name
  int timeout = -1;               // until the first change; then the settle time
  while (!stop.stopped()) {
    pollfd fds[2] = {{inotify_, POLLIN, 0}, {stop_fd.fd(), POLLIN, 0}};
    const int ready = poll(fds, 2, timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;  // settled (or poll failed: report what we have)
    if (fds[1].revents != 0) return {};
    alignas(inotify_event) char buffer[16 * 1024];
    for (ssize_t n; (n = read(inotify_, buffer, sizeof buffer)) > 0;) {
      for (char* at = buffer; at < buffer + n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(at);
        const auto wd = std::find(descriptors_.begin(), descriptors_.end(), event->wd);
        if (event->len > 0 && wd != descriptors_.end()) {
          touched.insert(
              (std::filesystem::path(folders_[wd - descriptors_.begin()]) / event->name).string());
        }
        at += sizeof(inotify_event) + event->len;
      }
    }
    if (!touched.empty()) timeout = kSettleMs;
  }
  if (stop.stopped()) return {};
  auto files = testcase::ExpandPatterns(patterns_);
  std::vector<std::string> changed;
  if (!files.ok()) return changed;
  for (const std::string& file : *files) {
    const std::string folder = std::filesystem::path(file).parent_path().string();
    const std::string key = (std::filesystem::path(folder.empty() ? "." : folder) /
                             std::filesystem::path(file).filename())
                                .string();
    if (touched.count(key) > 0) changed.push_back(file);
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

}  // namespace armada::cli
