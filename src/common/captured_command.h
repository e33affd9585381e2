// Runs a credential helper and reads what it prints: armadactl's execAuth
// command and kubeconfig's exec plugins both go through here.
//
// Contract:
// - argv[0] is a path, or a name looked up on PATH as a shell does; the
//   child gets this process's environment with env's "NAME=value" entries
//   added (a later entry wins), stderr inherited (a helper's prompts and
//   diagnostics reach the user), and stdin inherited when interactive, else
//   /dev/null.
// - Its stdout is captured, at most max_stdout bytes (more is an error).
// - A child still running after timeout is killed (SIGKILL) and waited for.
// - An error names argv[0] and how it ended ("exited 3", "killed by signal
//   9", "did not finish within 60s", "cannot start: No such file or
//   directory") and never holds what it printed: a helper's output is a
//   credential.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada {

struct CapturedCommand {
  std::vector<std::string> argv;  // REQUIRES: not empty
  std::vector<std::string> env;   // "NAME=value" added to this process's environment
  bool interactive = false;
  std::chrono::milliseconds timeout{60000};
  std::size_t max_stdout = 1 << 20;
};

// The child's whole stdout when it exits 0.
StatusOr<std::string> RunCapturingStdout(const CapturedCommand& command);

}  // namespace armada
