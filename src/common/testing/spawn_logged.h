// Starting a program from a test: the one way the project's tests spawn a
// child (the built binaries, scripts, shell lines, armada-localstack through
// localstack/testing), with its whole output kept in one file for the test's
// messages, so every test starts programs and reads what they wrote alike.
// Two children need more than a log and are started by hand: the OpenID
// provider (auth/testing, killed with the test by PR_SET_PDEATHSIG) and
// hostile_input_test's bounded runner (moved into a memory cgroup before
// exec).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace armada::common::testing {

// Starts argv in the folder dir, stdout and stderr both to the file log
// (truncated), with each "NAME=value" of env added to the environment.
// argv[0] is a path, or a name looked up on PATH. Returns the child's pid;
// the caller waits for it. A child that cannot change to dir exits 126, one
// that cannot start argv[0] exits 127.
// REQUIRES: argv is not empty.
pid_t SpawnLogged(const std::vector<std::string>& argv, const std::string& dir,
                  const std::string& log, const std::vector<std::string>& env = {});

// What a program run to its end printed (stdout and stderr interleaved as
// written) and its exit code as a shell reports it.
struct Ran {
  int exit_code = -1;
  std::string output;
};

// Runs argv (as SpawnLogged) in dir and waits for it to end.
Ran RunLogged(const std::vector<std::string>& argv, const std::string& dir = ".",
              const std::vector<std::string>& env = {});

// The whole text of the file at path (a child's log, a report), "" when it
// cannot be read: a test then fails on what the text lacks.
std::string ReadFile(const std::string& path);

// The exit code of a waitpid status, 128 + the signal for a killed child,
// as a shell reports it.
int ShellExitCode(int wait_status);

}  // namespace armada::common::testing
