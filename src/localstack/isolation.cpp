#include "localstack/isolation.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <filesystem>

namespace armada::localstack {
namespace {

namespace bp = boost::process;

// Fails the step with errno unless `ok`.
bool Step(bool ok, const char* what, const char** step, int* error) {
  if (ok) return true;
  *error = errno;
  *step = what;
  return false;
}

bool TouchFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

IsolationPlan IsolationPlan::ForContainer(const std::string& staging,
                                          const std::string& termination_file,
                                          const std::string& termination_path) {
  IsolationPlan plan;
  plan.staging = staging;
  for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"}) {
    plan.binds.emplace_back(std::string("/dev/") + node, staging + "/" + node);
  }
  plan.links = {{staging + "/fd", "/proc/self/fd"},
                {staging + "/stdin", "/proc/self/fd/0"},
                {staging + "/stdout", "/proc/self/fd/1"},
                {staging + "/stderr", "/proc/self/fd/2"},
                {staging + "/ptmx", "pts/ptmx"}};
  plan.dirs = {staging + "/pts", staging + "/shm"};
  plan.pts_source = "/dev/pts";
  plan.pts_target = staging + "/pts";
  plan.shm_target = staging + "/shm";
  const std::string dev_prefix = "/dev/";
  if (termination_path.rfind(dev_prefix, 0) == 0) {
    const std::string inside = termination_path.substr(dev_prefix.size());
    // Parent directories of a nested path, e.g. /dev/armada/msg.
    for (size_t slash = inside.find('/'); slash != std::string::npos;
         slash = inside.find('/', slash + 1)) {
      plan.dirs.push_back(staging + "/" + inside.substr(0, slash));
    }
    plan.termination_source = termination_file;
    plan.termination_target = staging + "/" + inside;
  } else if (std::filesystem::exists(termination_path)) {
    plan.termination_source = termination_file;
    plan.termination_outside_dev = termination_path;
  }
  return plan;
}

int ApplyIsolation(const IsolationPlan& plan, const char** step) {
  int error = 0;
  const char* dev = plan.staging.c_str();
  if (!Step(::unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS)", step, &error) ||
      !Step(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, "making / private",
            step, &error) ||
      !Step(::mount("tmpfs", dev, "tmpfs", MS_NOSUID, "mode=755,size=65536k") == 0,
            "mounting the /dev tmpfs", step, &error)) {
    return error;
  }
  for (const auto& dir : plan.dirs) {
    if (!Step(::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST, "creating a /dev directory", step,
              &error)) {
      return error;
    }
  }
  for (const auto& [source, target] : plan.binds) {
    // A host without one of the usual nodes just does not get it.
    if (::access(source.c_str(), F_OK) != 0) continue;
    if (!Step(TouchFile(target), "creating a /dev node", step, &error) ||
        !Step(::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) == 0,
              "binding a /dev node", step, &error)) {
      return error;
    }
  }
  for (const auto& [link, target] : plan.links) {
    if (!Step(::symlink(target.c_str(), link.c_str()) == 0, "linking in /dev", step, &error)) {
      return error;
    }
  }
  if (!Step(::mount(plan.pts_source.c_str(), plan.pts_target.c_str(), nullptr, MS_BIND | MS_REC,
                    nullptr) == 0,
            "binding /dev/pts", step, &error) ||
      !Step(
          ::mount("shm", plan.shm_target.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == 0,
          "mounting /dev/shm", step, &error)) {
    return error;
  }
  if (!plan.termination_target.empty()) {
    if (!Step(TouchFile(plan.termination_target), "creating the termination log", step, &error) ||
        !Step(::mount(plan.termination_source.c_str(), plan.termination_target.c_str(), nullptr,
                      MS_BIND, nullptr) == 0,
              "binding the termination log", step, &error)) {
      return error;
    }
  }
  if (!Step(::mount(dev, "/dev", nullptr, MS_MOVE, nullptr) == 0, "moving the tmpfs onto /dev",
            step, &error)) {
    return error;
  }
  if (!plan.termination_outside_dev.empty() &&
      !Step(::mount(plan.termination_source.c_str(), plan.termination_outside_dev.c_str(), nullptr,
                    MS_BIND, nullptr) == 0,
            "binding the termination message path", step, &error)) {
    return error;
  }
  return 0;
}

bool MountNamespacesWork(const std::string& scratch_dir, std::string* why) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  if (ec) {
    *why = "cannot create " + scratch_dir + ": " + ec.message();
    return false;
  }
  const auto true_path = bp::search_path("true");
  if (true_path.empty()) {
    *why = "no `true` executable to probe with";
    return false;
  }
  pid_t spawned = -1;
  try {
    bp::child probe(
        true_path, bp::std_in<bp::null, bp::std_out> bp::null, bp::std_err > bp::null,
        bp::extend::on_exec_setup =
            [&scratch_dir](auto& exec) {
              if (::unshare(CLONE_NEWNS) != 0 ||
                  ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
                  ::mount("tmpfs", scratch_dir.c_str(), "tmpfs", 0, "size=4k") != 0) {
                exec.set_error(std::error_code(errno, std::system_category()), "mount namespace");
              }
            },
        bp::extend::on_error = [&spawned](auto& exec,
                                          const std::error_code&) { spawned = exec.pid; });
    probe.wait();
  } catch (const std::exception& e) {
    // The failed child was never waited for by Boost; reap it here.
    if (spawned > 0) ::waitpid(spawned, nullptr, 0);
    *why = std::string("unshare(CLONE_NEWNS) or mount refused: ") + e.what();
    std::filesystem::remove(scratch_dir, ec);
    return false;
  }
  std::filesystem::remove(scratch_dir, ec);
  return true;
}

}  // namespace armada::localstack
