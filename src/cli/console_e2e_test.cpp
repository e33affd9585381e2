// The console of `armada-testsuite test` against armada-localstack's
// synthetic executor (no processes, so 1 000 jobs take seconds): a 1 000-job
// test stays a few lines by default, and colour follows the terminal and
// NO_COLOR (a pseudo-terminal from util-linux's `script`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/spawn_logged.h"

namespace {

using armada::cli::ReadFile;

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

size_t Lines(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

class ConsoleE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path();
    testsuite_ = bin / "armada-testsuite";
    dir_ = fs::temp_directory_path() /
           ("armada-console-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      std::ofstream token(dir_ / "token");
      token << "console-e2e-token\n";
    }
    fs::permissions(dir_ / "token", fs::perms::owner_read | fs::perms::owner_write);
    stack_ = fork();
    if (stack_ == 0) {
      const std::string out = (dir_ / "stack.out").string();
      const std::string err = (dir_ / "stack.log").string();
      freopen(out.c_str(), "w", stdout);
      freopen(err.c_str(), "w", stderr);
      const std::string config =
          std::string(ARMADA_TS_SOURCE_DIR) + "/e2e-config/executor_config.yaml";
      const std::string work = (dir_ / "stack").string();
      const std::string token = (dir_ / "token").string();
      const std::string binary = (bin / "armada-localstack").string();
      execl(binary.c_str(), binary.c_str(), "--executor", "synthetic", "--listen", "127.0.0.1:0",
            "--executor-config", config.c_str(), "--cpu", "1000000", "--memory", "1Pi",
            "--work-dir", work.c_str(), "--token-file", token.c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 600 && port_.empty(); ++i) {
      const std::string out = ReadFile(dir_ / "stack.out");
      if (auto at = out.find("listening on 127.0.0.1:"); at != std::string::npos) {
        const auto end = out.find('\n', at);
        if (end != std::string::npos) port_ = out.substr(at + 23, end - at - 23);
      }
      if (port_.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_FALSE(port_.empty()) << ReadFile(dir_ / "stack.log");
  }

  void TearDown() override {
    if (stack_ > 0) {
      kill(stack_, SIGTERM);
      waitpid(stack_, nullptr, 0);
    }
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void WriteCase(int jobs, const std::string& command) {
    std::ofstream(dir_ / "case.yaml")
        << "numBatches: 1\nbatchSize: " << jobs
        << "\nqueue: e2e-test-queue\njobs:\n  - namespace: default\n    podSpec:\n"
           "      restartPolicy: Never\n      containers:\n        - name: main\n"
           "          image: alpine:3.20.0\n          command: "
        << command
        << "\n          resources:\n            limits: {memory: 25Mi, cpu: 10m}\n"
           "            requests: {memory: 25Mi, cpu: 10m}\n---\ntimeout: 300s\n"
           "expectedEvents:\n  - submitted:\n  - succeeded:\n";
  }

  // The armada-testsuite command line against the synthetic stack.
  std::string Command(const std::string& extra = "") {
    return testsuite_.string() + " test --armadaUrl localhost:" + port_ +
           " --no-tls --token-file " + (dir_ / "token").string() + " --create-queues --tests " +
           (dir_ / "case.yaml").string() + " " + extra;
  }

  // Runs shell_command (with HOME in the test's folder); returns its output.
  std::string Run(const std::string& shell_command, int* exit_code) {
    const std::string out = (dir_ / "console.out").string();
    const int status =
        std::system(("HOME=" + dir_.string() + " " + shell_command + " >" + out + " 2>&1").c_str());
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return ReadFile(out);
  }

  fs::path testsuite_, dir_;
  pid_t stack_ = -1;
  std::string port_;
};

TEST_F(ConsoleE2ETest, AThousandJobTestIsAFewLinesByDefault) {
  WriteCase(1000, "[\"true\"]");
  int exit_code = -1;
  const std::string output = Run(Command(), &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_LT(Lines(output), 50u) << output;
  EXPECT_THAT(output, HasSubstr("case: passed"));
  EXPECT_THAT(output, HasSubstr("1 passed, 0 failed"));
  // --quiet: nothing but the summary when all pass.
  const std::string quiet = Run(Command("--quiet"), &exit_code);
  EXPECT_EQ(exit_code, 0) << quiet;
  EXPECT_THAT(quiet, Not(HasSubstr("case: passed")));
  EXPECT_THAT(quiet, Not(HasSubstr("started")));
  EXPECT_THAT(quiet, HasSubstr("1 passed, 0 failed"));
}

TEST_F(ConsoleE2ETest, ColourOnATerminalUnlessNoColor) {
  WriteCase(2, "[\"true\"]");
  int exit_code = -1;
  // util-linux's script gives the run a pseudo-terminal.
  const std::string tty = "script -qec '" + Command() + "' /dev/null";
  const std::string coloured = Run(tty, &exit_code);
  EXPECT_EQ(exit_code, 0) << coloured;
  EXPECT_THAT(coloured, HasSubstr("\033[32minfo\033[0m"));  // passed, green
  const std::string no_color = Run("NO_COLOR=1 " + tty, &exit_code);
  EXPECT_EQ(exit_code, 0) << no_color;
  EXPECT_THAT(no_color, HasSubstr("case: passed"));
  EXPECT_THAT(no_color, Not(HasSubstr("\033[32m")));
  EXPECT_THAT(no_color, Not(HasSubstr("\033[31m")));
  // Not a terminal: no colour and no status line.
  const std::string piped = Run(Command(), &exit_code);
  EXPECT_THAT(piped, Not(HasSubstr("\033[")));
}

}  // namespace
