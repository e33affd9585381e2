// A new user's first hour, end to end against the built binaries: --local as
// a non-root user, a case without a timeout, a missing queue, and the
// command line's natural forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "api/localstack_protocol.h"
#include "cli/testing/cli_run.h"
#include "cli/testing/junit_messages.h"
#include "cli/testing/shell_case.h"
#include "common/testing/spawn_logged.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::cli::testing::JUnitMessages;
using armada::cli::testing::Ran;
using armada::cli::testing::RunToEnd;
using armada::cli::testing::ShellCase;
using armada::cli::testing::Yaml;
using armada::common::testing::ReadFile;
using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// One job running `command` with sh, asking `cpu` (limit and request);
// `expectations` is the second document.
std::string Case(const std::string& command, const std::string& expectations,
                 const std::string& cpu = "100m") {
  ShellCase test;
  test.script = command;
  test.cpu = cpu;
  test.rest = expectations;
  return Yaml(test);
}

class FirstHourTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = ARMADA_TS_SOURCE_DIR;
    bin_ = BinDir();
  }
  void TearDown() override {
    if (server_ > 0) {
      ::kill(server_, SIGTERM);
      ::waitpid(server_, nullptr, 0);
    }
  }

  void Write(const std::string& name, const std::string& text) { folder_.Write(name, text); }

  // Runs argv (argv[0] a path) from the source tree to its end.
  Ran Run(const std::vector<std::string>& argv) {
    return RunToEnd(argv, source_.string(), dir_ / "output.log");
  }

  Ran Testsuite(std::vector<std::string> args) {
    args.insert(args.begin(), (bin_ / "armada-testsuite").string());
    return Run(args);
  }

  // A standalone armada-localstack with no queue; returns its address.
  std::string StartServer() {
    const std::string log = (dir_ / "server.log").string();
    server_ = SpawnLogged(
        {(bin_ / "armada-localstack").string(), "--listen", "127.0.0.1:0", "--executor-config",
         "e2e-config/executor_config.yaml", "--token-file", (dir_ / "token").string()},
        source_.string(), log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = ReadFile(log);
      const size_t at = text.find(armada::kListeningPrefix);
      if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
        const size_t start = at + std::string(armada::kListeningPrefix).size();
        return text.substr(start, text.find('\n', at) - start);
      }
      if (::waitpid(server_, nullptr, WNOHANG) == server_) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "armada-localstack did not start:\n" << ReadFile(log);
    return "";
  }

  CaseFolder folder_{"first"};
  const fs::path dir_ = folder_.path();
  fs::path source_, bin_;
  pid_t server_ = -1;
};

// Without root, a job whose memory limit cannot be enforced is refused, not
// run unconfined: its test is skipped naming why, the run does not fail,
// and the server's warning is on the runner's console. The long reason is on
// the console once for the tests that share it (and once in the summary),
// and whole in each test's report.
TEST_F(FirstHourTest, AsANonRootUserLocalSkipsAJobWhoseMemoryLimitItCannotEnforce) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run the runner as another user";
  if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "needs util-linux's setpriv";
  fs::permissions(dir_, fs::perms::all);
  const fs::path junit = dir_ / "reports" / "junit.xml";
  fs::create_directories(junit.parent_path());
  fs::permissions(junit.parent_path(), fs::perms::all);
  const Ran ran =
      Run({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
           (bin_ / "armada-testsuite").string(), "test", "--local", "--junit", junit.string(),
           "testcases/categorization/oom.yaml", "testcases/categorization/user_error.yaml"});
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  const auto skipped = JUnitMessages(junit, "skipped");
  for (const char* test : {"oom", "user_error"}) {
    EXPECT_THAT(skipped.at(test), AllOf(HasSubstr("needs root for memory limits"),
                                        HasSubstr("--run-unenforced to run such jobs")))
        << ran.output;
  }
  const std::string whole = "--run-unenforced to run such jobs";
  size_t shown = 0;
  for (size_t at = ran.output.find(whole); at != std::string::npos;
       at = ran.output.find(whole, at + 1)) {
    ++shown;
  }
  EXPECT_EQ(shown, 2u) << ran.output;
  EXPECT_THAT(ran.output,
              ::testing::ContainsRegex(
                  "skipped: needs root for memory limits \\(as (oom|user_error) above\\)"))
      << ran.output;
  EXPECT_THAT(ran.output, HasSubstr("armada-localstack: this host cannot provide"));
  EXPECT_THAT(ran.output, HasSubstr("jobs that need them are refused"));
}

// A case without `timeout:` ends at --timeout, and says it was the default,
// instead of waiting for ever for a job no node can hold.
TEST_F(FirstHourTest, ACaseWithoutTimeoutEndsAtTheDefaultSayingSo) {
  Write("too_big", Case("true", "expectedEvents:\n  - running:\n  - succeeded:\n", "64"));
  const fs::path junit = dir_ / "junit.xml";
  const Ran ran = Testsuite(
      {"test", "--local", "--timeout", "2s", "--junit", junit.string(), (dir_ / "cases").string()});
  EXPECT_EQ(ran.exit_code, 1) << ran.output;
  EXPECT_THAT(JUnitMessages(junit, "failure")["too_big"],
              HasSubstr("timed out after 2s (the default for a case without `timeout:`"))
      << ran.output;
  const Ran validate = Testsuite({"validate", (dir_ / "cases").string()});
  EXPECT_EQ(validate.exit_code, 0) << validate.output;
  EXPECT_THAT(validate.output, HasSubstr("timeout: no timeout: `test` ends this case after 5m"));
}

// Without --junit, --local writes armada-localstack's log to a folder in
// TMPDIR: removed after a run whose tests passed, never made for a run that
// cannot start, and kept (and named) only when a test did not pass.
TEST_F(FirstHourTest, LocalWithoutJUnitLeavesATempFolderOnlyWhenATestDidNotPass) {
  Write("quick", Case("true", "timeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  Write("fails", Case("exit 3", "timeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const fs::path tmp = dir_ / "tmp";
  fs::create_directories(tmp);
  const auto leftovers = [&] {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(tmp)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  };
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/env", "TMPDIR=" + tmp.string(),
                               (bin_ / "armada-testsuite").string(), "test", "--local"});
    return Run(args);
  };
  const Ran passed = run({(dir_ / "cases" / "quick.yaml").string()});
  EXPECT_EQ(passed.exit_code, 0) << passed.output;
  EXPECT_THAT(leftovers(), ::testing::IsEmpty()) << passed.output;

  const Ran bad = run({"--executor-config", (dir_ / "missing.yaml").string(),
                       (dir_ / "cases" / "quick.yaml").string()});
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_THAT(leftovers(), ::testing::IsEmpty()) << bad.output;

  const Ran failed = run({(dir_ / "cases" / "fails.yaml").string()});
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  ASSERT_EQ(leftovers().size(), 1u) << failed.output;
  EXPECT_THAT(failed.output, HasSubstr("armada-localstack's log is kept: " +
                                       (tmp / leftovers()[0]).string() + "/armada-localstack.log"));
}

// A job in a namespace armada-localstack's settings lack fails as Armada's
// executor fails it, and the runner's console says where namespaces come
// from on --local.
TEST_F(FirstHourTest, ANamespaceLocalLacksFailsSayingToAddItToLocalstackYaml) {
  std::string text =
      Case("true", "timeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n");
  text.replace(text.find("namespace: default"), 18, "namespace: nowhere");
  Write("elsewhere", text);
  const Ran ran = Testsuite({"test", "--local", (dir_ / "cases" / "elsewhere.yaml").string()});
  EXPECT_EQ(ran.exit_code, 1) << ran.output;
  EXPECT_THAT(ran.output,
              HasSubstr("namespace \"nowhere\" does not exist here: add it to the namespaces of "
                        "armada-localstack's settings (localstack.yaml, --localstack-config)"));
}

// Against a server that lacks the queue: no 15 s of retries, but at once an
// error (could not run) with the fix; --create-queues says what it created.
TEST_F(FirstHourTest, AMissingQueueFailsAtOnceWithTheFixAndCreateQueuesSaysWhatItMade) {
  Write("quick", Case("true", "timeout: 120s\nexpectedEvents:\n  - succeeded:\n"));
  const std::string address = StartServer();
  ASSERT_FALSE(address.empty());
  const fs::path junit = dir_ / "junit.xml";
  const std::vector<std::string> common = {
      "test",     "--armadaUrl",  address,
      "--no-tls", "--token-file", (dir_ / "token").string(),
      "--junit",  junit.string(), (dir_ / "cases" / "quick.yaml").string()};
  const Ran missing = Testsuite(common);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_LT(missing.seconds, 10) << missing.output;
  EXPECT_EQ(JUnitMessages(junit, "error")["quick"],
            "queue e2e-test-queue does not exist: create it with `armadactl create queue "
            "e2e-test-queue`, or pass --create-queues")
      << missing.output;

  std::vector<std::string> create = common;
  create.push_back("--create-queues");
  const Ran created = Testsuite(create);
  EXPECT_EQ(created.exit_code, 0) << created.output;
  EXPECT_THAT(created.output, HasSubstr("created queue e2e-test-queue"));
}

TEST_F(FirstHourTest, TheCommandLineTakesNaturalForms) {
  const Ran singular = Testsuite({"test", "--test", "x.yaml"});
  EXPECT_EQ(singular.exit_code, 2);
  EXPECT_THAT(singular.output, HasSubstr("did you mean \"--tests\"?"));
  EXPECT_THAT(singular.output, HasSubstr("run `armada-testsuite test --help` for usage"));

  // Files and folders without --tests; validate's default is every case.
  const Ran paths = Testsuite({"validate", "testcases/basic", "testcases/categorization/oom.yaml"});
  EXPECT_EQ(paths.exit_code, 0) << paths.output;
  EXPECT_THAT(paths.output, HasSubstr("ok   testcases/basic/submit_1x1.yaml"));
  EXPECT_THAT(paths.output, HasSubstr("ok   testcases/categorization/oom.yaml"));
  const Ran all = Testsuite({"list"});
  EXPECT_EQ(all.exit_code, 0) << all.output;
  EXPECT_THAT(all.output, HasSubstr("testcases/node/"));

  const Ran help = Testsuite({"help", "validate"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("Usage: armada-testsuite validate"));
  const Ran root_help = Testsuite({"help"});
  EXPECT_EQ(root_help.exit_code, 0);
  EXPECT_THAT(root_help.output, HasSubstr("Subcommands:"));
  const Ran version = Testsuite({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.output, HasSubstr("armada-testsuite "));
}

}  // namespace
