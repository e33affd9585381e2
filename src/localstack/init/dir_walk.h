// Directories made by root where a job may have been: the one walk both the
// server (a pod's emptyDir volumes) and the init (workingDir, volume mount
// points, the termination message path's directory) use, so that host root
// never follows a path a job can change. Header-only, as init_protocol.h: the
// init is a static binary with no library of the server's.
//
// Contract:
// - Walks one component at a time from a directory descriptor, opening each
//   with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
//   where the kernel has it (5.6 on), else openat(O_NOFOLLOW): a symbolic
//   link anywhere in the path ends the walk (ELOOP), it is never followed.
// - The path is cleaned first as text ("." dropped, ".." takes the previous
//   component off, never above the start): with no link followed, that is
//   where the kernel would have gone.
// - Missing directories are created (mode 0755, the caller's ids); the
//   caller changes the last one's owner through the returned descriptor
//   (fchownat AT_EMPTY_PATH), never through a path.
#pragma once

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace armada::localstack::dir_walk {

// The components of `path` after cleaning it as text.
inline std::vector<std::string> CleanComponents(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  return parts;
}

// `name` (one component) beneath `dir_fd` as a directory, never through a
// link; a descriptor, or -1 with errno (ELOOP or ENOTDIR for a link).
inline int OpenDir(int dir_fd, const std::string& name, int flags = O_PATH) {
  open_how how{};
  how.flags = static_cast<unsigned long long>(flags | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, dir_fd, name.c_str(), &how, sizeof(how));
  if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  return ::openat(dir_fd, name.c_str(), flags | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

struct Walked {
  int fd = -1;           // the last directory (O_PATH), or -1 with `error`
  bool created = false;  // the last directory was made by this walk
  int error = 0;         // errno of the step that failed
  std::string failed;    // the path up to that step
};

// Walks `path` beneath `root_fd` (which is not closed), creating what is
// missing.
inline Walked MakeDirs(int root_fd, const std::string& path) {
  Walked w;
  int cur = ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
  std::string so_far;
  for (const std::string& part : CleanComponents(path)) {
    so_far += "/" + part;
    w.created = ::mkdirat(cur, part.c_str(), 0755) == 0;
    const int made_error = w.created ? 0 : errno;
    const int next = OpenDir(cur, part);
    if (next < 0) {
      // Missing because it could not be made: say why it could not.
      w.error = errno == ENOENT && made_error != 0 && made_error != EEXIST ? made_error : errno;
      w.failed = so_far;
      ::close(cur);
      return w;
    }
    ::close(cur);
    cur = next;
  }
  w.fd = cur;
  return w;
}

}  // namespace armada::localstack::dir_walk
