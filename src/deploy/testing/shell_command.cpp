#include "deploy/testing/shell_command.h"

namespace armada::deploy::testing {

ShellResult RunShell(const std::string& command) {
  return common::testing::RunLogged({"/bin/sh", "-c", command});
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

}  // namespace armada::deploy::testing
