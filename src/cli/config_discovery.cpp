#include "cli/config_discovery.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace armada::cli {
namespace fs = std::filesystem;

namespace {

// viper.SupportedExts, in the order viper searches a config path for them.
constexpr const char* kViperExtensions[] = {"json",       "toml",   "yaml", "yml",
                                            "properties", "props",  "prop", "hcl",
                                            "tfvars",     "dotenv", "env",  "ini"};

bool IsFile(const std::string& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

}  // namespace

StatusOr<std::string> FindClientConfig(const std::string& config_flag, const char* home,
                                       const std::string& exe_dir) {
  if (!config_flag.empty()) {
    if (!IsFile(config_flag))
      return Status::Error("--config: could not find config file " + config_flag);
    return config_flag;
  }
  if (home != nullptr && *home != '\0') {
    for (const char* extension : kViperExtensions) {
      const std::string path = std::string(home) + "/.armadactl." + extension;
      if (!IsFile(path)) continue;
      const std::string ext = extension;
      if (ext != "yaml" && ext != "yml" && ext != "json") {
        return Status::Error(path +
                             ": armada-testsuite reads armadactl configs in YAML or JSON; "
                             "convert it or pass one with --config");
      }
      return path;
    }
  }
  const std::string defaults = exe_dir.empty() ? "" : exe_dir + "/armadactl-defaults.yaml";
  if (!defaults.empty() && IsFile(defaults)) return defaults;
  return std::string();
}

std::string ExecutableDir() {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string() : exe.parent_path().string();
}

std::string FlagOrEnv(const std::string& flag, const char* variable) {
  if (!flag.empty()) return flag;
  const char* value = std::getenv(variable);
  return value != nullptr ? value : "";
}

bool UrlOverridesConfig(const std::string& url, bool config_has_context) {
  return !url.empty() && (!config_has_context || url != "localhost:50051");
}

}  // namespace armada::cli
