#pragma once

// Test support for the CLI's end-to-end tests: starting a built binary the
// way a user's shell would, with its whole output kept in one file for the
// test's messages. One copy, so every e2e test starts binaries and reads
// what they wrote alike.

#include <sys/types.h>

#include <string>
#include <vector>

namespace armada::cli {

// Starts argv in the folder dir, stdout and stderr both to the file log
// (truncated), with each "NAME=value" of env added to the environment.
// argv[0] is a path, or a name looked up on PATH. Returns the child's pid;
// the caller waits for it. A child that cannot change to dir exits 126, one
// that cannot start argv[0] exits 127.
// REQUIRES: argv is not empty.
pid_t SpawnLogged(const std::vector<std::string>& argv, const std::string& dir,
                  const std::string& log, const std::vector<std::string>& env = {});

// The whole text of the file at path (a child's log, a report), "" when it
// cannot be read: a test then fails on what the text lacks.
std::string ReadFile(const std::string& path);

// The exit code of a waitpid status, 128 + the signal for a killed child,
// as a shell reports it.
int ShellExitCode(int wait_status);

}  // namespace armada::cli
