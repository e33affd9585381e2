#include "localstack/kubelet/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/read_file.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

struct Hierarchy {
  std::string dir;  // this process's cgroup directory in the hierarchy
  bool v2 = false;
};

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  for (const auto& x : list) {
    if (x == item) return true;
  }
  return false;
}

// A small kernel file; empty when it cannot be read.
std::string ReadFile(const std::string& path) {
  auto text = ReadFileToString(path, 64 * 1024);
  return text.ok() ? *text : std::string();
}

// System calls rather than a stream: each stream allocates and frees a
// buffer, and these are written and read several times per container.
bool WriteFile(const std::string& path, const std::string& value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool written =
      ::write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  return ::close(fd) == 0 && written;
}

// The value of `key` in a kernel file of "key value" lines, or 0.
int64_t KeyedValue(const std::string& text, std::string_view key) {
  for (size_t line = 0; line < text.size();) {
    const size_t end = std::min(text.find('\n', line), text.size());
    const std::string_view l(text.data() + line, end - line);
    if (l.size() > key.size() && l.substr(0, key.size()) == key && l[key.size()] == ' ') {
      int64_t value = 0;
      std::from_chars(l.data() + key.size() + 1, l.data() + l.size(), value);
      return value;
    }
    line = end + 1;
  }
  return 0;
}

// Where `controller` lives for this process: the v1 hierarchy that carries
// it, else the v2 hierarchy when its root lists it.
std::optional<Hierarchy> Find(const std::string& controller) {
  std::string v1_path, v2_path;
  bool v2_seen = false;
  {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
      const auto first = line.find(':'), second = line.find(':', first + 1);
      if (first == std::string::npos || second == std::string::npos) continue;
      const std::string controllers = line.substr(first + 1, second - first - 1);
      const std::string path = line.substr(second + 1);
      if (controllers.empty() && line.substr(0, first) == "0") {
        v2_path = path;
        v2_seen = true;
      } else if (Contains(Split(controllers, ','), controller)) {
        v1_path = path;
      }
    }
  }
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  std::optional<Hierarchy> v2;
  while (std::getline(in, line)) {
    const auto fields = Split(line, ' ');
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    // "<id> <parent> <dev> <root> <mount point> ... - <type> <source> <super options>"
    if (fields.size() < 5 || fields.end() - dash < 4) continue;
    const std::string& root = fields[3];
    const std::string& mount_point = fields[4];
    const std::string& type = *(dash + 1);
    const std::string& super_options = *(dash + 3);
    auto relative = [&](const std::string& path) {
      std::string rest = root != "/" && path.rfind(root, 0) == 0 ? path.substr(root.size()) : path;
      while (!rest.empty() && rest.back() == '/') rest.pop_back();
      return rest;
    };
    if (type == "cgroup" && !v1_path.empty() && Contains(Split(super_options, ','), controller)) {
      return Hierarchy{mount_point + relative(v1_path), false};
    }
    if (type == "cgroup2" && v2_seen && !v2) {
      const std::string dir = mount_point + relative(v2_path);
      std::string listed = ReadFile(dir + "/cgroup.controllers");
      std::replace(listed.begin(), listed.end(), '\n', ' ');
      if (Contains(Split(listed, ' '), controller)) {
        v2 = Hierarchy{dir, true};
      }
    }
  }
  return v2;
}

void RemoveTree(const std::string& dir);

// Removes "<prefix>-<pid>" subtrees under `dir` whose server no longer runs
// (killed with SIGKILL, so it could not clean up).
void RemoveStaleIn(const std::string& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename();
    if (name.rfind(prefix + "-", 0) != 0) continue;
    const std::string pid = name.substr(prefix.size() + 1);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::kill(std::stoi(pid), 0) != 0 && errno == ESRCH) RemoveTree(entry.path().string());
  }
}

// Creates our subtree root under `h`; v2 also needs the controller handed
// down to the subtree's children.
StatusOr<std::string> MakeRoot(const Hierarchy& h, const std::string& controller,
                               const std::string& name) {
  const std::string root = h.dir + "/" + name;
  std::error_code ec;
  fs::create_directory(root, ec);
  if (ec) return Status::Error("cannot create " + root + ": " + ec.message());
  if (h.v2) {
    if (!WriteFile(h.dir + "/cgroup.subtree_control", "+" + controller) ||
        !WriteFile(root + "/cgroup.subtree_control", "+" + controller)) {
      fs::remove(root, ec);
      return Status::Error("cannot delegate the " + controller + " controller below " + h.dir);
    }
  }
  return root;
}

std::vector<pid_t> Procs(const std::string& dir) {
  std::vector<pid_t> pids;
  // Bounded far above pids.max processes of a few digits each.
  auto read = ReadFileToString(dir + "/cgroup.procs", 64 << 20);
  const std::string text = read.ok() ? *read : std::string();
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    pid_t pid = 0;
    const auto [next, ec] = std::from_chars(p, end, pid);
    if (ec == std::errc() && pid > 0) pids.push_back(pid);
    p = next < end ? next + 1 : end;  // past the newline, or past what did not parse
  }
  return pids;
}

// Removes a cgroup directory with no group below it, killing what is still
// in it (bounded); one that does not exist is left alone.
void RemoveGroup(const std::string& dir) {
  // rmdir, not remove_all: a cgroup's control files cannot be unlinked.
  for (int attempt = 0; attempt < 100 && ::rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
    for (pid_t pid : Procs(dir)) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Removes a cgroup directory and every group below it, deepest first.
void RemoveTree(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) RemoveTree(entry.path().string());
  }
  RemoveGroup(dir);
}

}  // namespace

int64_t ContainerCgroup::OomKills() const {
  if (memory_dir_.empty()) return 0;
  return KeyedValue(ReadFile(memory_dir_ + (v2_ ? "/memory.events" : "/memory.oom_control")),
                    "oom_kill");
}

bool ContainerCgroup::KillAll() const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    bool empty = true;
    for (const auto& dir : dirs_) {
      for (pid_t pid : Procs(dir)) {
        empty = false;
        ::kill(pid, SIGKILL);
      }
    }
    if (empty) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void CgroupTree::RemoveStale(const std::string& prefix) {
  for (const std::string controller : {"memory", "cpu", "pids"}) {
    if (const auto hierarchy = Find(controller)) RemoveStaleIn(hierarchy->dir, prefix);
  }
}

CgroupTree CgroupTree::Create(const std::string& prefix, int64_t pids_limit) {
  CgroupTree tree;
  tree.pids_limit_ = pids_limit;
  const std::string name = prefix + "-" + std::to_string(::getpid());
  for (const std::string controller : {"memory", "cpu", "pids"}) {
    const auto hierarchy = Find(controller);
    if (!hierarchy) {
      tree.problems_.push_back("no " + controller + " cgroup controller is mounted");
      continue;
    }
    RemoveStaleIn(hierarchy->dir, prefix);
    auto root = MakeRoot(*hierarchy, controller, name);
    if (!root.ok()) {
      tree.problems_.push_back(root.status().message());
      continue;
    }
    if (controller == "memory") {
      tree.memory_root_ = *root;
      tree.v2_memory_ = hierarchy->v2;
    } else if (controller == "pids") {
      tree.pids_root_ = *root;
      tree.v2_pids_ = hierarchy->v2;
    } else {
      tree.cpu_root_ = *root;
      tree.v2_cpu_ = hierarchy->v2;
    }
  }
  return tree;
}

StatusOr<ContainerCgroup> CgroupTree::CreateGroup(const std::string& job_id,
                                                  const std::string& container,
                                                  std::optional<int64_t> memory_bytes,
                                                  std::optional<int64_t> milli_cpu,
                                                  bool quota_by_container) const {
  ContainerCgroup group;
  std::error_code ec;
  // The root hands its controller down (MakeRoot), so on v2 too a group
  // right below it has the controller.
  auto make = [&](const std::string& root) -> StatusOr<std::string> {
    const std::string dir = root + "/" + job_id + "." + container;
    fs::create_directory(dir, ec);
    if (ec) return Status::Error("cannot create cgroup " + dir + ": " + ec.message());
    group.dirs_.push_back(dir);
    group.procs_files_.push_back(dir + "/cgroup.procs");
    return dir;
  };
  if (memory()) {
    const bool v2 = v2_memory_;
    auto dir = make(memory_root_);
    if (!dir.ok()) return dir.status();
    group.memory_dir_ = *dir;
    group.v2_ = v2;
    if (memory_bytes) {
      const std::string file = *dir + (v2 ? "/memory.max" : "/memory.limit_in_bytes");
      if (!WriteFile(file, std::to_string(*memory_bytes))) {
        return Status::Error("cannot set the memory limit in " + file);
      }
      // Without swap accounting a v1 group could swap instead of being
      // OOM-killed; the limit is meant for memory and swap together.
      if (!v2) WriteFile(*dir + "/memory.memsw.limit_in_bytes", std::to_string(*memory_bytes));
      if (v2) WriteFile(*dir + "/memory.swap.max", "0");
    }
  }
  if (cpu()) {
    auto dir = make(cpu_root_);
    if (!dir.ok()) return dir.status();
    if (milli_cpu) {
      constexpr int64_t kPeriodUs = 100000;
      const int64_t quota = std::max<int64_t>(1000, *milli_cpu * kPeriodUs / 1000);
      const std::string file = *dir + (v2_cpu_ ? "/cpu.max" : "/cpu.cfs_quota_us");
      const std::string text =
          v2_cpu_ ? std::to_string(quota) + " " + std::to_string(kPeriodUs) : std::to_string(quota);
      // A new v1 group's cfs_period_us is already the kernel's default,
      // 100 ms (kPeriodUs): it is not inherited, so it need not be written.
      static_assert(kPeriodUs == 100000);
      if (quota_by_container) {
        group.cpu_quota_file_ = file;
        group.cpu_quota_ = text;
      } else if (!WriteFile(file, text)) {
        return Status::Error("cannot set the CPU quota in " + *dir);
      }
    }
  }
  if (pids()) {
    auto dir = make(pids_root_);
    if (!dir.ok()) return dir.status();
    if (!WriteFile(*dir + "/pids.max", std::to_string(pids_limit_))) {
      return Status::Error("cannot set the process limit in " + *dir);
    }
  }
  return group;
}

void CgroupTree::RemoveJob(const std::string& job_id,
                           const std::vector<std::string>& containers) const {
  for (const std::string& container : containers) {
    const std::string name = "/" + job_id + "." + container;
    if (memory()) RemoveGroup(memory_root_ + name);
    if (cpu()) RemoveGroup(cpu_root_ + name);
    if (pids()) RemoveGroup(pids_root_ + name);
  }
}

void CgroupTree::RemoveAll() const {
  if (memory()) RemoveTree(memory_root_);
  if (cpu()) RemoveTree(cpu_root_);
  if (pids()) RemoveTree(pids_root_);
}

}  // namespace armada::localstack
