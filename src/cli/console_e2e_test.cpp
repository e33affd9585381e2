// The console of `armada-testsuite test` against armada-localstack's
// synthetic executor (no processes, so 1 000 jobs take seconds): a 1 000-job
// test stays a few lines by default, and colour follows the terminal and
// NO_COLOR (a pseudo-terminal from util-linux's `script`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "cli/testing/cli_run.h"
#include "common/testing/spawn_logged.h"
#include "localstack/testing/localstack_test_server.h"

namespace {

using armada::cli::testing::CaseFolder;
using armada::cli::testing::Testsuite;
using armada::common::testing::ReadFile;

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
    testsuite_ = Testsuite();
    {
      std::ofstream token(dir_ / "token");
      token << "console-e2e-token\n";
    }
    fs::permissions(dir_ / "token", fs::perms::owner_read | fs::perms::owner_write);
    armada::localstack::testing::ServerOptions options;
    options.args = {"--executor", "synthetic", "--cpu", "1000000", "--memory", "1Pi"};
    options.token_file = (dir_ / "token").string();
    stack_ = std::make_unique<armada::localstack::testing::LocalStack>(options);
    const std::string address = stack_->address();
    port_ = address.substr(address.rfind(':') + 1);
    ASSERT_FALSE(address.empty());
  }

  void TearDown() override { stack_.reset(); }

  // A case NAME of `jobs` jobs running command (a YAML list), expecting
  // expected (a YAML list of events).
  void WriteCase(const std::string& name, int jobs, const std::string& command,
                 const std::string& expected = "  - submitted:\n  - succeeded:\n") {
    std::ofstream(dir_ / (name + ".yaml"))
        << "name: " << name << "\nnumBatches: 1\nbatchSize: " << jobs
        << "\nqueue: e2e-test-queue\njobs:\n  - namespace: default\n    podSpec:\n"
           "      restartPolicy: Never\n      containers:\n        - name: main\n"
           "          image: alpine:3.20.0\n          command: "
        << command
        << "\n          resources:\n            limits: {memory: 25Mi, cpu: 10m}\n"
           "            requests: {memory: 25Mi, cpu: 10m}\n---\ntimeout: 300s\n"
           "expectedEvents:\n"
        << expected;
  }

  // The armada-testsuite command line against the synthetic stack.
  std::string Command(const std::string& extra = "") {
    return testsuite_.string() + " test --armadaUrl localhost:" + port_ +
           " --no-tls --token-file " + (dir_ / "token").string() + " --create-queues --tests '" +
           (dir_ / "*.yaml").string() + "' " + extra;
  }

  // Runs shell_command (with HOME in the test's folder); returns its output.
  std::string Run(const std::string& shell_command, int* exit_code) {
    const auto ran = armada::common::testing::RunLogged({"/bin/sh", "-c", shell_command},
                                                        dir_.string(), {"HOME=" + dir_.string()});
    *exit_code = ran.exit_code;
    return ran.output;
  }

  CaseFolder folder_{"console"};
  const fs::path dir_ = folder_.path();
  fs::path testsuite_;
  std::unique_ptr<armada::localstack::testing::LocalStack> stack_;
  std::string port_;
};

// The lines a terminal shows once output has been written to it: the
// status line's redraws (\r, erase line, cursor up) and colours are applied,
// not counted.
std::vector<std::string> Screen(const std::string& output) {
  std::vector<std::string> rows(1);
  size_t row = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    const char c = output[i];
    if (c == '\n') {
      if (++row == rows.size()) rows.emplace_back();
    } else if (c == '\r') {
      // The status line is always rewritten whole after a \r.
    } else if (c == '\033' && i + 1 < output.size() && output[i + 1] == '[') {
      size_t end = i + 2;
      while (end < output.size() && !std::isalpha(static_cast<unsigned char>(output[end]))) ++end;
      if (end == output.size()) break;
      const std::string args = output.substr(i + 2, end - i - 2);
      if (output[end] == 'K') rows[row].clear();
      if (output[end] == 'A' && row > 0) row -= args.empty() ? 1 : std::stoul(args);
      i = end;
    } else {
      rows[row] += c;
    }
  }
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  return rows;
}

size_t CountLinesWith(const std::string& output, const std::string& what) {
  size_t n = 0;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) n += line.find(what) != std::string::npos;
  return n;
}

// The lines "TEST: job ID failed: REASON" of test.
size_t FailedJobLines(const std::string& output, const std::string& test) {
  const std::regex failed_job(test + R"(: job [0-9a-z]+ failed: \S)");
  size_t n = 0;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) n += std::regex_search(line, failed_job);
  return n;
}

TEST_F(ConsoleE2ETest, AThousandJobTestIsAFewLinesByDefault) {
  WriteCase("case", 1000, "[\"true\"]");
  int exit_code = -1;
  const std::string output = Run(Command(), &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_LT(Lines(output), 50u) << output;
  EXPECT_EQ(CountLinesWith(output, "case: started"), 1u) << output;
  EXPECT_EQ(CountLinesWith(output, "case: passed"), 1u) << output;
  EXPECT_THAT(output, HasSubstr("1 passed, 0 failed"));
  // A test's steps and events only with -v.
  EXPECT_THAT(output, Not(HasSubstr("submitted batch")));
  EXPECT_THAT(output, Not(HasSubstr("queue(s)")));
  const std::string verbose = Run(Command("-v"), &exit_code);
  EXPECT_EQ(exit_code, 0) << verbose;
  EXPECT_THAT(verbose, HasSubstr("case: submitted batch 1/1: 1000 job(s)"));
  EXPECT_GT(Lines(verbose), 1000u);
  // --quiet: nothing but the summary when all pass.
  const std::string quiet = Run(Command("--quiet"), &exit_code);
  EXPECT_EQ(exit_code, 0) << quiet;
  EXPECT_THAT(quiet, Not(HasSubstr("case: passed")));
  EXPECT_THAT(quiet, Not(HasSubstr("started")));
  EXPECT_THAT(quiet, HasSubstr("1 passed, 0 failed"));
}

// Several tests, two of 1 000 jobs, one whose jobs fail as it expects and one
// that fails: a line per test's start and end and per failed job, on a pipe
// and on a terminal (the status line drawn and redrawn meanwhile).
TEST_F(ConsoleE2ETest, AMultiTestRunIsALinePerTestAndPerFailedJob) {
  WriteCase("big", 1000, "[\"true\"]");
  WriteCase("big_too", 1000, "[\"sleep\", \"0.001\"]");
  WriteCase("fails_as_expected", 4, "[\"false\"]", "  - submitted:\n  - failed:\n");
  WriteCase("wrong", 1, "[\"false\"]");
  int exit_code = -1;
  const std::string output = Run(Command(), &exit_code);
  EXPECT_EQ(exit_code, 1) << output;
  EXPECT_LT(Lines(output), 50u) << output;
  for (const char* test : {"big", "big_too", "fails_as_expected", "wrong"}) {
    EXPECT_EQ(CountLinesWith(output, std::string(test) + ": started"), 1u) << test << output;
  }
  EXPECT_EQ(CountLinesWith(output, "big: passed"), 1u) << output;
  EXPECT_EQ(CountLinesWith(output, "fails_as_expected: passed"), 1u) << output;
  EXPECT_EQ(CountLinesWith(output, "wrong: failed: "), 1u) << output;
  // One line per failed job, with its reason (wrong's job may end after
  // its test did).
  EXPECT_EQ(FailedJobLines(output, "fails_as_expected"), 4u) << output;
  EXPECT_LE(FailedJobLines(output, "wrong"), 1u) << output;
  EXPECT_EQ(FailedJobLines(output, "big"), 0u) << output;
  EXPECT_THAT(output, HasSubstr("3 passed, 1 failed"));

  // On a terminal: what stays on the screen is as short.
  const std::string tty = Run("script -qec \"" + Command() + "\" /dev/null", &exit_code);
  EXPECT_EQ(exit_code, 1) << tty;
  const std::vector<std::string> screen = Screen(tty);
  std::string shown;
  for (const std::string& row : screen) shown += row + "\n";
  EXPECT_LT(screen.size(), 50u) << shown;
  EXPECT_THAT(shown, HasSubstr("3 passed, 1 failed"));
  // The status lines were drawn, and erased.
  EXPECT_THAT(tty, HasSubstr("  > big: "));
  EXPECT_THAT(shown, Not(HasSubstr("  > big")));

  // --quiet: the failed test and the summary.
  const std::string quiet = Run(Command("--quiet"), &exit_code);
  EXPECT_EQ(exit_code, 1) << quiet;
  EXPECT_EQ(CountLinesWith(quiet, "wrong: failed: "), 1u) << quiet;
  EXPECT_THAT(quiet, Not(HasSubstr("started")));
  EXPECT_EQ(FailedJobLines(quiet, "fails_as_expected"), 0u) << quiet;
  EXPECT_THAT(quiet, HasSubstr("3 passed, 1 failed"));
}

TEST_F(ConsoleE2ETest, ColourOnATerminalUnlessNoColor) {
  WriteCase("case", 2, "[\"true\"]");
  int exit_code = -1;
  // util-linux's script gives the run a pseudo-terminal.
  const std::string tty = "script -qec \"" + Command() + "\" /dev/null";
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
