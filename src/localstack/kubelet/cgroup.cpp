#include "localstack/kubelet/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

#include "common/read_file.h"
#include "localstack/kubelet/kernel_file.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

// The controllers every container group gets, in the order they are set up.
constexpr const char* kControllers[] = {"memory", "cpu", "pids"};

// On cgroup v2 the kernel lets a cgroup other than the root hand controllers
// to its children only while no process is in it: its processes move to this
// leaf below it first, as Docker's docker-in-docker entrypoint does (moby
// PR #42331), so a container's later processes (`docker exec`) land there too.
constexpr char kLeaf[] = "init";

// How long processes may keep appearing in a cgroup being emptied.
constexpr auto kEmptyingTime = std::chrono::seconds(2);

// Ample for /proc/self/mountinfo even on a host with thousands of mounts.
constexpr size_t kMaxProcFileBytes = 4 << 20;

struct Hierarchy {
  std::string dir;  // this process's cgroup directory in the hierarchy
  bool v2 = false;
};

// Where this process's cgroups are.
struct Layout {
  std::vector<std::pair<std::string, std::string>> v1;  // controller, this process's directory
  std::string v2;  // this process's directory in the v2 hierarchy; "" when none is mounted

  const std::string* V1(const std::string& controller) const {
    for (const auto& [c, dir] : v1) {
      if (c == controller) return &dir;
    }
    return nullptr;
  }
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

// The value of `key` in a kernel file of "key value" lines, if it has one.
std::optional<int64_t> KeyedValue(const std::string& text, std::string_view key) {
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
  return std::nullopt;
}

// A cgroup file of space-separated words (cgroup.controllers,
// cgroup.subtree_control).
std::vector<std::string> Words(const std::string& path) {
  std::string text = ReadFile(path);
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::vector<std::string> words;
  for (auto& w : Split(text, ' ')) {
    if (!w.empty()) words.push_back(std::move(w));
  }
  return words;
}

// This process's cgroups: each v1 hierarchy's directory by controller, and
// the v2 hierarchy's, from /proc/self/cgroup and where each is mounted.
Layout ReadLayout() {
  std::vector<std::pair<std::string, std::string>> v1_paths;  // controllers, path
  std::string v2_path;
  bool v2_seen = false;
  const std::string cgroups = ReadFileToString("/proc/self/cgroup", kMaxProcFileBytes).value_or("");
  for (const std::string& line : Split(cgroups, '\n')) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty() && line.substr(0, first) == "0") {
      v2_path = path;
      v2_seen = true;
    } else if (!controllers.empty()) {
      v1_paths.emplace_back(controllers, path);
    }
  }
  Layout layout;
  const std::string mountinfo =
      ReadFileToString("/proc/self/mountinfo", kMaxProcFileBytes).value_or("");
  for (const std::string& line : Split(mountinfo, '\n')) {
    const auto fields = Split(line, ' ');
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    // "<id> <parent> <dev> <root> <mount point> ... - <type> <source> <super options>"
    if (fields.size() < 5 || fields.end() - dash < 4) continue;
    const std::string& root = fields[3];
    const std::string& mount_point = fields[4];
    const std::string& type = *(dash + 1);
    const auto super_options = Split(*(dash + 3), ',');
    auto dir = [&](const std::string& path) {
      std::string rest = root != "/" && path.rfind(root, 0) == 0 ? path.substr(root.size()) : path;
      while (!rest.empty() && rest.back() == '/') rest.pop_back();
      return mount_point + rest;
    };
    if (type == "cgroup") {
      for (const auto& [controllers, path] : v1_paths) {
        for (const std::string& c : Split(controllers, ',')) {
          if (Contains(super_options, c) && layout.V1(c) == nullptr) {
            layout.v1.emplace_back(c, dir(path));
          }
        }
      }
    } else if (type == "cgroup2" && v2_seen && layout.v2.empty()) {
      layout.v2 = dir(v2_path);
    }
  }
  return layout;
}

std::vector<pid_t> Procs(const std::string& dir);

// The v2 cgroup this server's subtree goes below: this process's own, or,
// when it is in the leaf a previous instance (or a docker-in-docker
// entrypoint) moved it to, that leaf's parent.
std::string V2Base(const std::string& own) {
  const fs::path path(own);
  if (path.filename() == kLeaf) {
    const std::string parent = path.parent_path().string();
    if (Procs(parent).empty()) return parent;
  }
  return own;
}

// Moves the processes in `dir` to its leaf, each once (one forked meanwhile
// may be left in `dir`). False, with errno set, when the leaf cannot be made.
bool MoveProcessesToLeaf(const std::string& dir) {
  const std::vector<pid_t> pids = Procs(dir);
  if (pids.empty()) return true;
  const std::string leaf = dir + "/" + kLeaf;
  if (::mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) return false;
  // One that ended meanwhile is no longer there: its write fails, harmlessly.
  for (pid_t pid : pids) WriteKernelFile(leaf + "/cgroup.procs", std::to_string(pid));
  return true;
}

// strerror(`error`), and what to do when it says the mount is read-only.
std::string Why(int error) {
  std::string why = std::strerror(error);
  if (error == EROFS) {
    why += " (cgroup2 is mounted read-only, as in an unprivileged container: run it privileged)";
  }
  return why;
}

// Enables `controller` for the children of the v2 cgroup `dir` (the
// hierarchy's root when `is_root`); "" when it is, else why not and what to
// do.
std::string EnableV2(const std::string& dir, bool is_root, const std::string& controller) {
  if (Contains(Words(dir + "/cgroup.subtree_control"), controller)) return "";
  if (!Contains(Words(dir + "/cgroup.controllers"), controller)) {
    return "the " + controller + " controller is not delegated to " + dir +
           " (its parent's cgroup.subtree_control lacks it): enable it there; under systemd "
           "give the service Delegate=yes, in a container run it privileged with a cgroup "
           "namespace of its own (docker run --privileged --cgroupns=private)";
  }
  const std::string file = dir + "/cgroup.subtree_control";
  // Processes in `dir` (this one among them) move to the leaf first, and
  // again while more appear (forked before their parent moved): the kernel
  // refuses memory with EBUSY while any is there, and would take cpu or
  // pids, but then `dir`'s children could get no memory.
  const auto deadline = std::chrono::steady_clock::now() + kEmptyingTime;
  bool written = false;
  do {
    if (!is_root && !MoveProcessesToLeaf(dir)) {
      return "cannot make " + dir + "/" + kLeaf + " to move the processes of " + dir +
             " to: " + Why(errno);
    }
    written = WriteKernelFile(file, std::string("+") + controller);
  } while (!written && errno == EBUSY && std::chrono::steady_clock::now() < deadline);
  if (written) return "";
  const std::string start = "cannot enable the " + controller + " controller in " + file + ": ";
  if (errno == EBUSY) {
    return start + "processes kept appearing in " + dir + " while they were moved to " + dir + "/" +
           kLeaf;
  }
  return start + Why(errno);
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

// Creates our subtree root under `h`; on v2 it hands the controller (which
// Hierarchies enabled in `h`) down to the subtree's children.
StatusOr<std::string> MakeRoot(const Hierarchy& h, const std::string& controller,
                               const std::string& name) {
  const std::string root = h.dir + "/" + name;
  std::error_code ec;
  fs::create_directory(root, ec);
  if (ec) return Status::Error("cannot create " + root + ": " + ec.message());
  if (h.v2 && !WriteKernelFile(root + "/cgroup.subtree_control", "+" + controller)) {
    const std::string why = Why(errno);
    fs::remove(root, ec);
    return Status::Error("cannot enable the " + controller + " controller in " + root +
                         "/cgroup.subtree_control: " + why);
  }
  return root;
}

// Where each controller's groups go: its v1 hierarchy, else the v2 one
// (below V2Base). With `enable` the v2 controllers are enabled there first;
// one that is not (cannot be) is left out, and why, with what to do, is
// added to `problems`.
std::vector<std::pair<std::string, Hierarchy>> Hierarchies(bool enable,
                                                           std::vector<std::string>* problems) {
  const Layout layout = ReadLayout();
  const std::string base = layout.v2.empty() ? "" : V2Base(layout.v2);
  // Only the root cgroup has no cgroup.events.
  const bool base_is_root = !base.empty() && ::access((base + "/cgroup.events").c_str(), F_OK) != 0;
  std::vector<std::pair<std::string, Hierarchy>> found;
  for (const std::string controller : kControllers) {
    if (const std::string* dir = layout.V1(controller)) {
      found.push_back({controller, Hierarchy{*dir, false}});
      continue;
    }
    if (base.empty()) {
      problems->push_back("no cgroup hierarchy offers the " + controller +
                          " controller: mount cgroup2 on /sys/fs/cgroup (or cgroup v1's " +
                          controller + " hierarchy)");
      continue;
    }
    if (base_is_root && !Contains(Words(base + "/cgroup.controllers"), controller)) {
      problems->push_back(
          "no cgroup hierarchy offers the " + controller + " controller: no cgroup v1 " +
          "hierarchy of it is mounted here, and the cgroup2 root " + base + " does not list " +
          "it (a v1 hierarchy holds it, or the kernel lacks it): mount cgroup v1's " + controller +
          " hierarchy, or boot with cgroup2 only (systemd.unified_cgroup_hierarchy=1)");
      continue;
    }
    if (enable) {
      if (const std::string why = EnableV2(base, base_is_root, controller); !why.empty()) {
        problems->push_back(why);
        continue;
      }
    } else if (!Contains(Words(base + "/cgroup.subtree_control"), controller)) {
      continue;
    }
    found.push_back({controller, Hierarchy{base, true}});
  }
  return found;
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

// Limits memory and swap together in the group `dir`: without swap
// accounting a v1 group could swap instead of being OOM-killed.
Status SetMemoryLimit(const std::string& dir, bool v2, int64_t bytes) {
  const std::string file = dir + (v2 ? "/memory.max" : "/memory.limit_in_bytes");
  if (!WriteKernelFile(file, std::to_string(bytes))) {
    return Status::Error("cannot set the memory limit in " + file);
  }
  if (!v2) WriteKernelFile(dir + "/memory.memsw.limit_in_bytes", std::to_string(bytes));
  if (v2) WriteKernelFile(dir + "/memory.swap.max", "0");
  return Status();
}

}  // namespace

std::optional<int64_t> PodCgroup::ReachedProcessLimit() const {
  if (pids_dir_.empty()) return std::nullopt;
  const auto current = ReadFile(pids_dir_ + "/pids.current");
  const auto max = ReadFile(pids_dir_ + "/pids.max");
  int64_t used = 0, limit = 0;
  if (std::from_chars(current.data(), current.data() + current.size(), used).ec != std::errc() ||
      std::from_chars(max.data(), max.data() + max.size(), limit).ec != std::errc()) {
    return std::nullopt;  // "max": no limit
  }
  if (used < limit) return std::nullopt;
  return limit;
}

int64_t ContainerCgroup::OomKills() const {
  if (memory_dir_.empty()) return 0;
  return KeyedValue(ReadFile(memory_dir_ + (v2_ ? "/memory.events" : "/memory.oom_control")),
                    "oom_kill")
      .value_or(0);
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
  std::vector<std::string> ignored;
  for (const auto& [controller, hierarchy] : Hierarchies(false, &ignored)) {
    RemoveStaleIn(hierarchy.dir, prefix);
  }
}

CgroupTree CgroupTree::Create(const std::string& prefix, int64_t pids_limit) {
  CgroupTree tree;
  tree.pids_limit_ = pids_limit;
  const std::string name = prefix + "-" + std::to_string(::getpid());
  for (const auto& [controller, hierarchy] : Hierarchies(true, &tree.problems_)) {
    RemoveStaleIn(hierarchy.dir, prefix);
    auto root = MakeRoot(hierarchy, controller, name);
    if (!root.ok()) {
      tree.problems_.push_back(root.status().message());
      continue;
    }
    if (controller == "memory") {
      // A limit without OOM detection would fail an OOM-killed job as an
      // ordinary error: the kernel counts OOM kills since Linux 4.13.
      const std::string events = *root + (hierarchy.v2 ? "/memory.events" : "/memory.oom_control");
      if (!KeyedValue(ReadFile(events), "oom_kill")) {
        tree.problems_.push_back(events +
                                 " does not count OOM kills (oom_kill): Linux 4.13 or "
                                 "later does");
        RemoveGroup(*root);
        continue;
      }
      tree.memory_root_ = *root;
      tree.v2_memory_ = hierarchy.v2;
    } else if (controller == "pids") {
      tree.pids_root_ = *root;
      tree.v2_pids_ = hierarchy.v2;
    } else {
      tree.cpu_root_ = *root;
      tree.v2_cpu_ = hierarchy.v2;
    }
  }
  return tree;
}

std::vector<std::string> CgroupTree::MissingLimits() const {
  std::vector<std::string> missing;
  if (!memory()) missing.push_back("memory limits and OOM detection");
  if (!cpu()) missing.push_back("CPU limits");
  if (!pids()) missing.push_back("a process limit");
  return missing;
}

StatusOr<PodCgroup> CgroupTree::CreatePod(const std::string& job_id,
                                          std::optional<int64_t> memory_bytes) const {
  PodCgroup pod;
  std::error_code ec;
  // On v2 the controllers share one directory: made once, each controller
  // handed down to the containers' groups below it.
  auto make = [&](const std::string& root, bool v2,
                  const char* controller) -> StatusOr<std::string> {
    const std::string dir = root + "/" + job_id;
    fs::create_directory(dir, ec);
    if (ec) return Status::Error("cannot create cgroup " + dir + ": " + ec.message());
    if (v2 && !WriteKernelFile(dir + "/cgroup.subtree_control", std::string("+") + controller)) {
      return Status::Error("cannot enable the " + std::string(controller) + " controller in " +
                           dir + "/cgroup.subtree_control: " + Why(errno));
    }
    return dir;
  };
  if (memory()) {
    auto dir = make(memory_root_, v2_memory_, "memory");
    if (!dir.ok()) return dir.status();
    if (memory_bytes) {
      if (Status s = SetMemoryLimit(*dir, v2_memory_, *memory_bytes); !s.ok()) return s;
    }
  }
  if (cpu()) {
    auto dir = make(cpu_root_, v2_cpu_, "cpu");
    if (!dir.ok()) return dir.status();
  }
  if (pids()) {
    auto dir = make(pids_root_, v2_pids_, "pids");
    if (!dir.ok()) return dir.status();
    if (!WriteKernelFile(*dir + "/pids.max", std::to_string(pids_limit_))) {
      return Status::Error("cannot set the process limit in " + *dir);
    }
    pod.pids_dir_ = *dir;
  }
  return pod;
}

StatusOr<ContainerCgroup> CgroupTree::CreateGroup(const std::string& job_id,
                                                  const std::string& container,
                                                  std::optional<int64_t> memory_bytes,
                                                  std::optional<int64_t> milli_cpu,
                                                  bool quota_by_container) const {
  ContainerCgroup group;
  std::error_code ec;
  // The pod's group hands its controllers down (CreatePod), so on v2 too a
  // group below it has them.
  auto make = [&](const std::string& root) -> StatusOr<std::string> {
    const std::string dir = root + "/" + job_id + "/" + container;
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
      if (Status s = SetMemoryLimit(*dir, v2, *memory_bytes); !s.ok()) return s;
    }
  }
  if (cpu()) {
    auto dir = make(cpu_root_);
    if (!dir.ok()) return dir.status();
    if (milli_cpu) {
      constexpr int64_t kPeriodUs = 100000;
      // At most one period per millicore the int64 quota can hold.
      const int64_t millis = std::min<int64_t>(*milli_cpu, INT64_MAX / kPeriodUs);
      const int64_t quota = std::max<int64_t>(1000, millis * kPeriodUs / 1000);
      const std::string file = *dir + (v2_cpu_ ? "/cpu.max" : "/cpu.cfs_quota_us");
      const std::string text =
          v2_cpu_ ? std::to_string(quota) + " " + std::to_string(kPeriodUs) : std::to_string(quota);
      // A new v1 group's cfs_period_us is already the kernel's default,
      // 100 ms (kPeriodUs): it is not inherited, so it need not be written.
      static_assert(kPeriodUs == 100000);
      if (quota_by_container) {
        group.cpu_quota_file_ = file;
        group.cpu_quota_ = text;
      } else if (!WriteKernelFile(file, text)) {
        return Status::Error("cannot set the CPU quota in " + *dir);
      }
    }
  }
  // The process limit is the pod's (CreatePod).
  if (pids()) {
    auto dir = make(pids_root_);
    if (!dir.ok()) return dir.status();
  }
  return group;
}

void CgroupTree::RemoveJob(const std::string& job_id,
                           const std::vector<std::string>& containers) const {
  const std::string pod = "/" + job_id;
  for (const std::string& container : containers) {
    const std::string name = pod + "/" + container;
    if (memory()) RemoveGroup(memory_root_ + name);
    if (cpu()) RemoveGroup(cpu_root_ + name);
    if (pids()) RemoveGroup(pids_root_ + name);
  }
  if (memory()) RemoveGroup(memory_root_ + pod);
  if (cpu()) RemoveGroup(cpu_root_ + pod);
  if (pids()) RemoveGroup(pids_root_ + pod);
}

void CgroupTree::RemoveAll() const {
  if (memory()) RemoveTree(memory_root_);
  if (cpu()) RemoveTree(cpu_root_);
  if (pids()) RemoveTree(pids_root_);
}

}  // namespace armada::localstack
