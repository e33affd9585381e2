#include "cli/testing/cli_run.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "common/testing/spawn_logged.h"

namespace armada::cli::testing {

namespace fs = std::filesystem;

fs::path BinDir() { return fs::read_symlink("/proc/self/exe").parent_path(); }

fs::path Testsuite() { return BinDir() / "armada-testsuite"; }

CaseFolder::CaseFolder(const std::string& prefix)
    : path_(fs::temp_directory_path() /
            ("armada-" + prefix + "-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
  fs::remove_all(path_);
  fs::create_directories(path_ / "cases");
}

CaseFolder::~CaseFolder() {
  if (!::testing::Test::HasFailure()) {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
}

fs::path CaseFolder::Write(const std::string& name, const std::string& text) const {
  const fs::path file = cases() / (fs::path(name).has_extension() ? name : name + ".yaml");
  std::ofstream(file) << text;
  return file;
}

Ran RunToEnd(const std::vector<std::string>& argv, const std::string& dir, const fs::path& log,
             const std::vector<std::string>& env) {
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = common::testing::SpawnLogged(argv, dir, log.string(), env);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Ran ran;
  ran.exit_code = common::testing::ShellExitCode(status);
  ran.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ran.output = common::testing::ReadFile(log.string());
  return ran;
}

}  // namespace armada::cli::testing
