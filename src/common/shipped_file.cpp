#include "common/shipped_file.h"

#include <filesystem>

namespace armada {

StatusOr<std::string> FindShippedFile(const std::string& relative_path, const std::string& hint) {
  const std::filesystem::path relative = relative_path;
  if (std::filesystem::exists(relative)) return relative.string();
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (auto dir = self.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      for (const auto& candidate : {dir / relative, dir / "share/armada-testsuite" / relative}) {
        if (std::filesystem::exists(candidate)) return candidate.string();
      }
      if (dir == dir.root_path()) break;
    }
  }
  return Status::Error(relative.string() +
                       " not found in the working directory or above this binary's directory; " +
                       hint);
}

}  // namespace armada
