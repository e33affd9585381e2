#include "localstack/kubelet/isolation.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <filesystem>
#include <fstream>

#include "common/file_tail.h"
#include "localstack/init/init_protocol.h"
#include "localstack/kubelet/pod_process.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

}  // namespace

StatusOr<IsolationPlan> IsolationPlan::ForContainer(uint32_t id_base, const std::string& dir,
                                                    const std::string& hostname,
                                                    const std::string& termination_file,
                                                    const std::string& termination_path,
                                                    const std::string& working_dir,
                                                    std::optional<int64_t> memory_bytes) {
  IsolationPlan plan;
  plan.id_base = id_base;
  plan.layer_dir = dir + "/layer";
  std::error_code ec;
  fs::create_directories(plan.layer_dir, ec);
  if (ec) return Status::Error("cannot create " + plan.layer_dir + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  plan.hostname = hostname;
  plan.termination_file = termination_file;
  plan.termination_path = termination_path;
  if (!working_dir.empty()) plan.working_dir = working_dir;
  plan.layer_bytes = memory_bytes;
  // The container's root writes its termination message through a bind;
  // mode 0666 as the kubelet makes it, for a command running as another user.
  if (::chown(termination_file.c_str(), id_base, id_base) != 0 ||
      ::chmod(termination_file.c_str(), 0666) != 0) {
    return Status::Error("cannot hand " + termination_file + " to the container");
  }
  return plan;
}

std::vector<std::string> IsolationPlan::InitArgs(const std::vector<std::string>& command) const {
  std::vector<std::string> args = {"--layer",       layer_dir,
                                   "--hostname",    hostname,
                                   "--id-base",     std::to_string(id_base),
                                   "--working-dir", working_dir,
                                   "--control-fd",  std::to_string(init_protocol::kControlFd)};
  if (!termination_path.empty()) {
    args.insert(args.end(),
                {"--termination-file", termination_file, "--termination-path", termination_path});
  }
  if (layer_bytes) args.insert(args.end(), {"--layer-size", std::to_string(*layer_bytes)});
  if (!dir_layer.empty()) args.insert(args.end(), {"--dir-layer", dir_layer});
  if (!dir_layer.empty() && dir_layer_ids_fd >= 0) {
    args.insert(args.end(), {"--dir-layer-ids-fd", std::to_string(init_protocol::kDirLayerIdsFd)});
  }
  for (const VolumeBind& volume : volumes) {
    args.insert(args.end(), {"--volume-source", volume.source, "--volume-target", volume.target,
                             "--volume-mode", volume.read_only ? "ro" : "rw"});
  }
  if (!cpu_quota_file.empty()) {
    args.insert(args.end(), {"--cpu-quota-file", cpu_quota_file, "--cpu-quota", cpu_quota});
  }
  args.insert(args.end(), {"--capability-mask", std::to_string(capability_mask)});
  if (read_only_root) args.push_back("--read-only-root");
  if (run_as) {
    args.insert(args.end(), {"--run-as-user", std::to_string(run_as->uid), "--run-as-group",
                             std::to_string(run_as->gid)});
    for (const uint32_t group : run_as->groups) {
      args.insert(args.end(), {"--supplemental-group", std::to_string(group)});
    }
  }
  args.push_back("--");
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

StatusOr<std::string> InitBinary() {
  // Looked up once: every container start asks, and neither this
  // executable's place nor its neighbours change while it runs.
  static const StatusOr<std::string> found = []() -> StatusOr<std::string> {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return Status::Error("armada-localstack-init: cannot read /proc/self/exe");
    // Installed: in libexec; in the build tree: beside this executable.
    const fs::path installed =
        (self.parent_path() / ARMADA_TS_INIT_FROM_BINDIR / "armada-localstack-init")
            .lexically_normal();
    const fs::path beside = self.parent_path() / "armada-localstack-init";
    for (const fs::path& init : {installed, beside}) {
      if (::access(init.c_str(), X_OK) == 0) return init.string();
    }
    return Status::Error("armada-localstack-init not found in " + installed.parent_path().string() +
                         " nor beside " + self.string());
  }();
  return found;
}

bool IsolationWorks(const std::string& scratch_dir, std::string* why) {
  const auto true_path = boost::process::search_path("true");
  if (true_path.empty()) {
    *why = "no `true` executable to probe with";
    return false;
  }
  std::error_code ec;
  fs::create_directories(scratch_dir, ec);
  const std::string termination = scratch_dir + "/termination-log";
  std::ofstream(termination).flush();
  auto plan = IsolationPlan::ForContainer(kJobIdBase, scratch_dir, "probe", termination,
                                          "/dev/termination-log", "", std::nullopt);
  bool ok = plan.ok();
  if (!ok) {
    *why = plan.status().message();
  } else {
    // Started as every container is, so the probe tries exactly that path.
    ContainerLaunch launch;
    launch.argv = {true_path.string()};
    launch.working_dir = "/";
    launch.log_file = scratch_dir + "/log";
    launch.isolation = std::move(plan).value();
    auto probe = PodProcess::Start(launch);
    if (!probe.ok()) {
      ok = false;
      *why = probe.status().message();
    } else {
      const int exit_code = (*probe)->Wait();
      ok = exit_code == 0;
      if (!ok) {
        *why = "armada-localstack-init exited with " + std::to_string(exit_code) + ": " +
               (*probe)->start_error() + FileTail(launch.log_file, 20, 4096);
      }
    }
  }
  fs::remove_all(scratch_dir, ec);
  return ok;
}

}  // namespace armada::localstack
