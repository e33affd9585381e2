#include "cli/test_paths.h"

#include <filesystem>

namespace armada::cli {

std::string TestPatterns(const std::string& tests, const std::vector<std::string>& paths,
                         const std::string& fallback) {
  std::string patterns = tests;
  for (const std::string& path : paths) {
    std::error_code error;
    std::string pattern = path;
    if (std::filesystem::is_directory(path, error)) {
      while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
      pattern += "/**/*.yaml";
    }
    patterns += (patterns.empty() ? "" : ",") + pattern;
  }
  return patterns.empty() ? fallback : patterns;
}

}  // namespace armada::cli
