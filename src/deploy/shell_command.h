// Runs a shell command line for the deploy tests (scripts, cmake --install,
// installed binaries), capturing what it prints.
//
// Contract:
// - RunShell runs `command` with /bin/sh -c, standard error merged into the
//   captured output, and waits for it; exit_code is its exit status, or -1
//   when it did not exit normally (killed by a signal, popen failed).
// - ShellQuote makes any string one shell word.
#pragma once

#include <string>

namespace armada::deploy {

struct ShellResult {
  int exit_code = -1;
  std::string output;
};

ShellResult RunShell(const std::string& command);

std::string ShellQuote(const std::string& word);

// The repository root and build tree this test binary was built from.
std::string SourceDir();
std::string BinaryDir();

}  // namespace armada::deploy
