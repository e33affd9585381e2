#include "deploy/shell_command.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace armada::deploy {

ShellResult RunShell(const std::string& command) {
  ShellResult result;
  FILE* pipe = popen(("exec 2>&1; " + command).c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string ShellQuote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string SourceDir() { return ARMADA_TS_SOURCE_DIR; }
std::string BinaryDir() { return ARMADA_TS_BINARY_DIR; }

}  // namespace armada::deploy
