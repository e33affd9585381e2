#include "common/testing/spawn_logged.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/read_file.h"

namespace armada::common::testing {

pid_t SpawnLogged(const std::vector<std::string>& argv, const std::string& dir,
                  const std::string& log, const std::vector<std::string>& env) {
  // Built before fork: the child of a threaded test only calls what is
  // async-signal-safe, apart from putenv on its own copy of the environment.
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  std::vector<std::string> variables = env;
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(126);
    for (std::string& variable : variables) putenv(variable.data());
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) _exit(126);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execvp(pointers[0], pointers.data());
    _exit(127);
  }
  return pid;
}

Ran RunLogged(const std::vector<std::string>& argv, const std::string& dir,
              const std::vector<std::string>& env) {
  char log[] = "/tmp/armada-ran-XXXXXX";
  const int fd = mkstemp(log);
  if (fd < 0) return {};
  close(fd);
  Ran ran;
  const pid_t pid = SpawnLogged(argv, dir, log, env);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid) ran.exit_code = ShellExitCode(status);
  ran.output = ReadFile(log);
  std::remove(log);
  return ran;
}

std::string ReadFile(const std::string& path) {
  // Test logs and reports: a few MiB at most.
  return ReadFileToString(path, 64 << 20).value_or("");
}

int ShellExitCode(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

}  // namespace armada::common::testing
