// End to end: the armada-testsuite binary, run with --local against the
// armada-localstack it starts, on fixture test cases written to temp dirs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/testing/cli_run.h"
#include "cli/testing/junit_messages.h"
#include "cli/testing/shell_case.h"
#include "common/testing/spawn_logged.h"
#include "localstack/testing/localstack_test_server.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::cli::testing::JUnitMessages;
using armada::cli::testing::ShellCase;
using armada::cli::testing::Yaml;
using armada::common::testing::ReadFile;

using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// A job running `script` with sh; each test case file gets one such job.
std::string Case(const std::string& queue, const std::string& script,
                 const std::string& expectations, int batch_size = 1) {
  ShellCase test;
  test.queue = queue;
  test.script = script;
  test.num_batches = 1;
  test.batch_size = batch_size;
  test.rest = expectations;
  return Yaml(test);
}

struct RunOutcome {
  int exit_code = -1;
  std::string output;
  fs::path junit;
  double seconds = 0;
};

class E2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = ARMADA_TS_SOURCE_DIR;
    const fs::path bin = BinDir();
    testsuite_ = bin / "armada-testsuite";
    if (!fs::exists(testsuite_) || !fs::exists(bin / "armada-localstack")) {
      FAIL() << "armada-testsuite or armada-localstack not built in " << bin;
    }
  }

  void Write(const std::string& name, const std::string& text) { folder_.Write(name, text); }

  // Starts `armada-testsuite test --local` on the given patterns, from the
  // source tree; output goes to a file.
  pid_t Start(const std::vector<std::string>& extra, bool local = true) {
    std::vector<std::string> args = {"test", "--junit", (dir_ / "junit.xml").string()};
    if (local) args.push_back("--local");
    args.insert(args.end(), extra.begin(), extra.end());
    return StartRaw(args);
  }

  // Starts armada-testsuite with exactly args, from the source tree.
  pid_t StartRaw(const std::vector<std::string>& given) {
    std::vector<std::string> args = {testsuite_.string()};
    args.insert(args.end(), given.begin(), given.end());
    const std::string log = (dir_ / "output.log").string();
    const pid_t pid = SpawnLogged(args, source_.string(), log);
    return pid;
  }

  RunOutcome Wait(pid_t pid, std::chrono::steady_clock::time_point started) {
    RunOutcome run;
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = ShellExitCode(status);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.output = ReadFile(dir_ / "output.log");
    run.junit = dir_ / "junit.xml";
    return run;
  }

  // Runs armada-testsuite with exactly args to its end.
  RunOutcome Run(const std::vector<std::string>& args) {
    const auto started = std::chrono::steady_clock::now();
    return Wait(StartRaw(args), started);
  }

  RunOutcome RunCases(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--tests", (dir_ / "cases" / "*.yaml").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto started = std::chrono::steady_clock::now();
    return Wait(Start(args), started);
  }

  CaseFolder folder_{"e2e"};
  const fs::path dir_ = folder_.path();
  fs::path source_, testsuite_;
};

// test name -> failure message ("" when it did not fail).
std::map<std::string, std::string> JUnitFailures(const fs::path& path) {
  return JUnitMessages(path, "failure");
}

// test name -> error message ("" when it could run).
std::map<std::string, std::string> JUnitErrors(const fs::path& path) {
  return JUnitMessages(path, "error");
}

TEST_F(E2ETest, AJobNeedingKubernetesIsSkippedWithItsReason) {
  // A service needs a Kubernetes API: armada-localstack refuses it with
  // NEEDS_KUBERNETES, and the test is skipped, not failed.
  std::string service =
      Case("e2e-test-queue", "true", "timeout: 60s\nexpectedEvents:\n  - submitted:\n");
  service.replace(service.find("    podSpec:"), 0,
                  "    services:\n      - {type: Headless, ports: [1000]}\n");
  Write("service", service);
  Write("plain", Case("e2e-test-queue", "true", "timeout: 60s\nexpectedEvents:\n  - succeeded:\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto skipped = JUnitMessages(run.junit, "skipped");
  EXPECT_THAT(
      skipped.at("service"),
      AllOf(HasSubstr("needs Kubernetes (job_request_items[0].services)"), HasSubstr("kind")))
      << run.output;
  EXPECT_EQ(skipped.at("plain"), "");
  EXPECT_EQ(JUnitFailures(run.junit).at("service"), "");
}

// Armada's basic/ingress.yaml, as its CI runs it: busybox's nc answers one
// GET on port 4000 and exits. The runner's ingress check reaches the pod at
// the address ingressInfo names, its own (a pod network of its own when
// armada-localstack runs as root; loopback otherwise).
TEST_F(E2ETest, AnIngressCaseIsAnsweredAtThePodsAddress) {
  if (!fs::exists("/bin/busybox")) GTEST_SKIP() << "needs Debian's busybox package";
  Write("ingress",
        "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
        "  - namespace: personal-anonymous\n"
        "    ingress: [{type: Ingress, tlsEnabled: false, ports: [4000]}]\n"
        "    podSpec:\n"
        "      terminationGracePeriodSeconds: 0\n"
        "      restartPolicy: Never\n"
        "      containers:\n"
        "        - name: nc\n"
        "          image: alpine:3.20.0\n"
        "          args: [\"nc\", \"-l\", \"-p\", \"4000\", \"-e\", \"echo\",\n"
        "                 \"HTTP/1.1 200 OK\\nContent-Length: 12\\n\\nHello world!\"]\n"
        "          resources:\n"
        "            limits: {memory: 100Mi, cpu: 100m}\n"
        "            requests: {memory: 100Mi, cpu: 100m}\n"
        "          ports: [{containerPort: 4000, protocol: TCP, name: port}]\n"
        "---\n"
        "timeout: 100s\nexpectedEvents:\n  - submitted:\n  - ingressInfo:\n  - succeeded:\n");
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(JUnitFailures(run.junit).at("ingress"), "") << run.output;
}

TEST_F(E2ETest, ShippedCategorizationAndBasicCasesPass) {
  const fs::path categorization = source_ / "testcases" / "categorization";
  const fs::path basic = source_ / "testcases" / "basic";
  if (!fs::exists(categorization / "oom.yaml") || !fs::exists(basic)) {
    GTEST_SKIP() << "testcases/categorization or testcases/basic not in the source tree yet";
  }
  const std::string patterns = (categorization / "oom.yaml").string() + "," +
                               (categorization / "user_error.yaml").string() + "," +
                               (basic / "*.yaml").string();
  const auto started = std::chrono::steady_clock::now();
  const RunOutcome run = Wait(Start({"--tests", patterns}), started);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto failures = JUnitFailures(run.junit);
  EXPECT_GE(failures.size(), 3u);
  for (const auto& [name, message] : failures) EXPECT_EQ(message, "") << name;
}

// Every shipped case of the seeds' generation, with the job lifecycle check
// on (--local turns it on; given here too, to say so): armada-localstack's
// event sequences are Armada's.
TEST_F(E2ETest, ShippedCasesPassWithTheLifecycleCheck) {
  std::string patterns;
  // Armada's CI folders, node/ included: its cases run on armada-localstack's
  // node-ops node and take turns, so one run holds them all.
  for (const char* folder :
       {"basic", "categorization", "preemption", "reprioritization", "queue", "node"}) {
    patterns +=
        (patterns.empty() ? "" : ",") + (source_ / "testcases" / folder / "*.yaml").string();
  }
  const auto started = std::chrono::steady_clock::now();
  const RunOutcome run = Wait(Start({"--check-lifecycle", "--tests", patterns}), started);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("checking every job's events against Armada's job lifecycle"));
  EXPECT_THAT(run.output, Not(HasSubstr("lifecycle check:")));
  const auto failures = JUnitFailures(run.junit);
  EXPECT_GE(failures.size(), 14u);
  for (const auto& [name, message] : failures) EXPECT_EQ(message, "") << name;
}

// A node case as Armada's node/*.yaml: `jobs` jobs pinned to the node-ops
// node (its label selected, its taint tolerated), then `action` on every job
// of the queue on that node once one is leased.
std::string NodeCase(const std::string& action, const std::string& expectations) {
  return "numBatches: 1\nbatchSize: 3\nqueue: e2e-test-queue\njobs:\n"
         "  - namespace: personal-anonymous\n"
         "    podSpec:\n"
         "      terminationGracePeriodSeconds: 0\n"
         "      restartPolicy: Never\n"
         "      nodeSelector: {armadaproject.io/node-pool: node-ops}\n"
         "      tolerations: [{key: node-tests, operator: Equal, value: \"true\", "
         "effect: NoSchedule}]\n"
         "      containers:\n"
         "        - name: main\n"
         "          image: alpine:3.20.0\n"
         "          args: [sleep, 300s]\n"
         "          resources:\n"
         "            limits: {memory: 25Mi, cpu: 10m}\n"
         "            requests: {memory: 25Mi, cpu: 10m}\n"
         "---\n"
         "triggerEvent: leased\n" +
         action +
         ":\n  nodePoolTag: node-ops\n"
         "  request: {executor: local-cluster, queues: [e2e-test-queue]}\n"
         "timeout: 60s\n" +
         expectations;
}

// Armada's CI runs each node case in a run of its own: a node-wide cancel or
// preempt takes every job of the queue on the node. In one run on
// armada-localstack, the node cases' jobs go to the node-ops node, others' to
// the worker, and the two node cases take turns.
TEST_F(E2ETest, NodeCasesInOneRunWithOthersTouchOnlyTheirOwnJobs) {
  Write("node-cancel",
        NodeCase("cancelOnNode", "expectedEvents:\n  - submitted:\n  - cancelled:\n"));
  Write("node-preempt", NodeCase("preemptOnNode",
                                 "expectedEvents:\n  - submitted:\n  - preempted:\n  - failed:\n"));
  for (const char* name : {"plain-1", "plain-2"}) {
    Write(name, Case("e2e-test-queue", "sleep 1",
                     "timeout: 60s\nexpectedEvents:\n  - running:\n  - succeeded:\n", 2));
  }
  const RunOutcome run = RunCases({"--executor-config", "e2e-config/executor_config.current.yaml"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto failures = JUnitFailures(run.junit);
  EXPECT_EQ(failures.size(), 4u);
  for (const auto& [name, message] : failures) EXPECT_EQ(message, "") << name;
  const std::string junit = ReadFile(run.junit);
  EXPECT_THAT(junit, HasSubstr("nodePoolTag node-ops names node armada-test-worker2"));
  EXPECT_THAT(junit, HasSubstr("node armada-test-worker")) << "the plain jobs' running events";
}

TEST_F(E2ETest, CheckLifecycleIsOnWithLocalUnlessTurnedOff) {
  Write("one", Case("e2e-test-queue", "true", "expectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const std::string checking = "checking every job's events against Armada's job lifecycle";
  const RunOutcome on = RunCases();
  EXPECT_EQ(on.exit_code, 0) << on.output;
  EXPECT_THAT(on.output, HasSubstr(checking));
  const RunOutcome off = RunCases({"--check-lifecycle=false"});
  EXPECT_EQ(off.exit_code, 0) << off.output;
  EXPECT_THAT(off.output, Not(HasSubstr(checking)));
  const RunOutcome bad = RunCases({"--check-lifecycle=maybe"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("--check-lifecycle"));
}

// Per-event lines are opt-in (-v): a 100 000-job test's console stays small.
TEST_F(E2ETest, PerEventLinesOnlyWithVerbose) {
  Write("three", Case("e2e-test-queue", "true", "expectedEvents:\n  - submitted:\n  - succeeded:\n",
                      /*batch_size=*/3));
  auto event_lines = [](const std::string& output) {
    size_t lines = 0;
    for (size_t at = output.find(": job "); at != std::string::npos;
         at = output.find(": job ", at + 1)) {
      ++lines;
    }
    return lines;
  };
  const RunOutcome quiet = RunCases();
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_EQ(event_lines(quiet.output), 0u) << quiet.output;
  const RunOutcome verbose = RunCases({"-v"});
  ASSERT_EQ(verbose.exit_code, 0) << verbose.output;
  EXPECT_GE(event_lines(verbose.output), 6u) << verbose.output;
}

TEST_F(E2ETest, CategoryMismatchOnOomNamesBothLists) {
  Write("oom_as_user_error",
        Case("e2e-test-queue", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=256",
             "timeout: 120s\nexpectedEvents:\n  - submitted:\n  - failed:\n"
             "      categories: [\"user_error\"]\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const auto failures = JUnitFailures(run.junit);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_THAT(failures.at("oom_as_user_error"),
              HasSubstr("expected categories [user_error] but got [oom]"))
      << run.output;
}

// An executor config where exit code 3 matches two categories, listed "b" first.
void WriteTwoCategoryConfig(const fs::path& path) {
  std::ofstream(path) << "application:\n"
                         "  clusterId: localstack\n"
                         "  pool: default\n"
                         "  errorCategories:\n"
                         "    - name: b\n"
                         "      rules:\n"
                         "        - onExitCodes: {operator: In, values: [3]}\n"
                         "    - name: a\n"
                         "      rules:\n"
                         "        - onExitCodes: {operator: In, values: [3]}\n";
}

TEST_F(E2ETest, CategoriesComparedSortedAndExact) {
  WriteTwoCategoryConfig(dir_ / "executor.yaml");
  const std::string failing = "exit 3";
  Write("sorted_match",
        Case("e2e-test-queue", failing,
             "timeout: 120s\nexpectedEvents:\n  - failed:\n      categories: [\"a\", \"b\"]\n"));
  Write("extra_actual",
        Case("e2e-test-queue", failing,
             "timeout: 120s\nexpectedEvents:\n  - failed:\n      categories: [\"a\"]\n"));
  const RunOutcome run = RunCases({"--executor-config", (dir_ / "executor.yaml").string()});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const auto failures = JUnitFailures(run.junit);
  ASSERT_EQ(failures.size(), 2u) << run.output;
  EXPECT_EQ(failures.at("sorted_match"), "") << run.output;
  EXPECT_THAT(failures.at("extra_actual"), HasSubstr("expected categories [a] but got [a, b]"));
}

TEST_F(E2ETest, ReasonRegexMustMatch) {
  Write("reason_mismatch", Case("e2e-test-queue", "exit 2",
                                "timeout: 120s\nexpectedEvents:\n  - failed:\n"
                                "      reason: \"^definitely not the reason$\"\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(JUnitFailures(run.junit).at("reason_mismatch"),
              AllOf(HasSubstr("does not match regex"), HasSubstr("definitely not the reason")));
}

TEST_F(E2ETest, ExpectedSuccessOnFailingJobFailsAtOnce) {
  Write("succeeds_but_fails",
        Case("e2e-test-queue", "exit 1",
             "timeout: 300s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(JUnitFailures(run.junit).at("succeeds_but_fails"),
              AllOf(HasSubstr("ended with failed"), HasSubstr("while expecting succeeded")));
  // Far below the 300s timeout, with room for a slow shared machine.
  EXPECT_LT(run.seconds, 120) << run.output;
}

TEST_F(E2ETest, TooShortTimeoutNamesMissingEvents) {
  Write("too_short",
        Case("e2e-test-queue", "sleep 60",
             "timeout: 3s\nexpectedEvents:\n  - submitted:\n  - running:\n  - succeeded:\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(
      JUnitFailures(run.junit).at("too_short"),
      AllOf(HasSubstr("timed out after 3s"), HasSubstr("missing ["), HasSubstr("succeeded]")));
}

TEST_F(E2ETest, JUnitHoldsEveryTestWithItsFailure) {
  Write("passes", Case("e2e-test-queue", "true",
                       "timeout: 120s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  Write("fails", Case("e2e-test-queue", "exit 1",
                      "timeout: 120s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  Write("other_queue",
        Case("e2e-other-queue", "true", "timeout: 120s\nexpectedEvents:\n  - succeeded:\n", 3));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const auto failures = JUnitFailures(run.junit);
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures.at("passes"), "");
  EXPECT_EQ(failures.at("other_queue"), "");
  EXPECT_THAT(failures.at("fails"), HasSubstr("ended with failed"));
  EXPECT_THAT(run.output, HasSubstr("2 passed, 1 failed"));
}

TEST_F(E2ETest, UnloadableCaseStillWritesJUnit) {
  Write("broken", "numBatches: [not a number\n");
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_TRUE(fs::exists(run.junit)) << run.output;
  const auto errors = JUnitErrors(run.junit);
  ASSERT_EQ(errors.size(), 1u) << run.output;
  EXPECT_THAT(errors.begin()->second, HasSubstr("broken.yaml")) << run.output;
}

// A case that does not load is that test's error, with validate's position
// and words, and the good case beside it runs (README, "Outcomes").
TEST_F(E2ETest, ABrokenCaseIsItsOwnErrorAndTheGoodOneRuns) {
  Write("good", Case("e2e-test-queue", "true", "timeout: 120s\nexpectedEvents:\n  - succeeded:\n"));
  Write("broken",
        Case("e2e-test-queue", "true", "timeout: 120s\nexpectedEvent:\n  - succeeded:\n"));
  const RunOutcome run = RunCases({"--json", (dir_ / "results.json").string()});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(JUnitFailures(run.junit).at("good"), "") << run.output;
  EXPECT_EQ(JUnitErrors(run.junit).at("good"), "") << run.output;
  const std::string error = JUnitErrors(run.junit).at("broken");
  EXPECT_THAT(error, AllOf(HasSubstr("does not load"), HasSubstr("broken.yaml:17:1: expectedEvent"),
                           HasSubstr("unknown field")))
      << run.output;
  EXPECT_THAT(run.output, HasSubstr("broken.yaml:17:1")) << run.output;
  EXPECT_THAT(ReadFile(dir_ / "results.json"), HasSubstr("broken.yaml:17:1"));
  // validate still refuses it, in the same words.
  const RunOutcome validate =
      Run({"validate", "--tests", (dir_ / "cases" / "broken.yaml").string()});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_THAT(validate.output, HasSubstr("broken.yaml:17:1: expectedEvent"));
}

// README's example, copied as written (no numBatches, no batchSize), runs.
TEST_F(E2ETest, ReadmeExampleRunsAsWritten) {
  const std::string readme = ReadFile(source_ / "README.md");
  const size_t open = readme.find("```yaml\n");
  ASSERT_NE(open, std::string::npos) << "README.md has no ```yaml block";
  const size_t start = open + std::string("```yaml\n").size();
  const size_t end = readme.find("```", start);
  ASSERT_NE(end, std::string::npos);
  Write("readme_example", readme.substr(start, end - start));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(JUnitFailures(run.junit).at("readme_example"), "") << run.output;
}

// The report's folder is created, and with --local the server's log lands there too.
TEST_F(E2ETest, JUnitFolderIsCreatedWithLocal) {
  Write("quick",
        Case("e2e-test-queue", "true", "timeout: 120s\nexpectedEvents:\n  - succeeded:\n"));
  const fs::path junit = dir_ / "new" / "reports" / "junit.xml";
  const RunOutcome run = Run({"test", "--local", "--tests", (dir_ / "cases" / "*.yaml").string(),
                              "--junit", junit.string()});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(JUnitFailures(junit).at("quick"), "") << run.output;
  EXPECT_TRUE(fs::exists(junit.parent_path() / "armada-localstack.log"));
}

// A server that does not answer: reported at the start, after
// --connect-timeout, once; every test is an <error> (not a <failure>), the
// folder of --junit is created, and the run exits 2. The client config's
// typo is a warning naming file and line.
TEST_F(E2ETest, UnreachableServerIsOneSetupErrorAndExits2) {
  for (const char* name : {"one", "two", "three"}) {
    Write(name, Case("e2e-test-queue", "true", "timeout: 600s\nexpectedEvents:\n  - succeeded:\n"));
  }
  std::ofstream(dir_ / "armadactl.yaml") << "armadaUrl: 127.0.0.1:1\nforceNoTl: true\n";
  const fs::path junit = dir_ / "absent" / "junit.xml";
  const RunOutcome run =
      Run({"test", "--tests", (dir_ / "cases" / "*.yaml").string(), "--junit", junit.string(),
           "--config", (dir_ / "armadactl.yaml").string(), "--no-tls", "--connect-timeout", "1s"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_LT(run.seconds, 60) << run.output;
  EXPECT_THAT(run.output, HasSubstr((dir_ / "armadactl.yaml").string() +
                                    ":2: unknown key \"forceNoTl\", ignored (did you mean "
                                    "\"forceNoTls\"?)"));
  const auto errors = JUnitErrors(junit);
  ASSERT_EQ(errors.size(), 3u) << run.output;
  for (const auto& [name, message] : errors) {
    EXPECT_THAT(message, HasSubstr("cannot reach Armada at 127.0.0.1:1 within 1s")) << name;
  }
  for (const auto& [name, message] : JUnitFailures(junit)) EXPECT_EQ(message, "") << name;
  EXPECT_THAT(ReadFile(junit), HasSubstr("errors=\"3\""));
  // The log line at the start and one line of the summary: not one per test.
  size_t mentions = 0;
  for (size_t at = run.output.find("cannot reach Armada"); at != std::string::npos;
       at = run.output.find("cannot reach Armada", at + 1)) {
    ++mentions;
  }
  EXPECT_EQ(mentions, 2u) << run.output;
}

TEST_F(E2ETest, UnknownContextListsTheFilesContexts) {
  Write("quick", Case("e2e-test-queue", "true", "timeout: 60s\n"));
  std::ofstream(dir_ / "armadactl.yaml")
      << "currentContext: main\ncontexts:\n  main: {armadaUrl: a:1}\n  kind: {armadaUrl: b:1}\n";
  const RunOutcome run = Run({"test", "--tests", (dir_ / "cases" / "*.yaml").string(), "--config",
                              (dir_ / "armadactl.yaml").string(), "--context", "knd"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("context knd not found under contexts (the file has: main, "
                                    "kind)"));
}

TEST_F(E2ETest, UsageErrorsExit2NamingTheMistake) {
  const RunOutcome typo = Run({"tset", "--tests", "x"});
  EXPECT_EQ(typo.exit_code, 2) << typo.output;
  EXPECT_THAT(typo.output, HasSubstr("unknown subcommand \"tset\"; did you mean \"test\"?"));
  const RunOutcome flag = Run({"test", "--tests", "x", "--paralel", "2"});
  EXPECT_EQ(flag.exit_code, 2) << flag.output;
  EXPECT_THAT(flag.output, HasSubstr("did you mean \"--parallel\"?"));
  const RunOutcome negative = Run({"test", "--tests", "x", "--parallel", "-1"});
  EXPECT_EQ(negative.exit_code, 2) << negative.output;
  EXPECT_THAT(negative.output, HasSubstr("--parallel"));
  const RunOutcome missing = Run({"test", "--tests"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("--tests"));
  const RunOutcome help = Run({"test", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.output;
}

TEST_F(E2ETest, LocalStackLogGoesToAFileBesideJUnit) {
  Write("quick", Case("e2e-test-queue", "true",
                      "timeout: 120s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const RunOutcome run = RunCases();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const fs::path log = dir_ / "armada-localstack.log";
  EXPECT_THAT(run.output, HasSubstr(log.string()));
  // The server's own startup line, which its log holds and the console must not.
  EXPECT_THAT(ReadFile(log), HasSubstr("serving cluster"));
  EXPECT_THAT(run.output, Not(HasSubstr("serving cluster"))) << run.output;
}

// The executor config is read before armada-localstack starts, so a broken
// one is named with its position instead of surfacing as a dead server.
TEST_F(E2ETest, BrokenExecutorConfigIsRefusedBeforeTheStackStarts) {
  Write("quick", Case("e2e-test-queue", "true", "timeout: 120s\n"));
  std::ofstream(dir_ / "broken.yaml") << "application: [not a map\n";
  const RunOutcome run = RunCases({"--executor-config", (dir_ / "broken.yaml").string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  const std::string message = JUnitErrors(run.junit).at("quick");
  EXPECT_THAT(message, AllOf(HasSubstr("broken.yaml:2:1:"), HasSubstr("YAML syntax error")))
      << run.output;
}

// Pids of live processes whose command line contains needle (and, when
// parent is given, whose parent it is).
std::vector<pid_t> ProcessesMatching(const std::string& needle, pid_t parent = 0) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadFile(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    std::string state = ReadFile(entry.path() / "stat");
    const size_t after_name = state.rfind(") ");
    if (after_name == std::string::npos) continue;
    std::istringstream fields(state.substr(after_name + 2));
    std::string process_state;
    pid_t ppid = 0;
    fields >> process_state >> ppid;
    if (process_state == "Z" || (parent != 0 && ppid != parent)) continue;
    if (cmdline.find(needle) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

TEST_F(E2ETest, SigintCancelsJobSetsWritesJUnitAndExits130) {
  // A sleep length unique to this run, to find its jobs among processes.
  const std::string sleeper = "sleep " + std::to_string(100000 + getpid());
  Write("long_sleep", Case("e2e-test-queue", sleeper,
                           "timeout: 900s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n", 2));
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = Start({"--tests", (dir_ / "cases" / "*.yaml").string()});
  // Should an assertion below end the test early, the run must not outlive it.
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (kill(pid, 0) == 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
        kill(pid, SIGINT);
        waitpid(pid, nullptr, 0);
      }
    }
  } reaper{pid};
  // Wait until both jobs run (each may be a shell and its sleep).
  const auto give_up = started + std::chrono::seconds(90);
  while (ProcessesMatching(sleeper).size() < 2 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_GE(ProcessesMatching(sleeper).size(), 2u) << ReadFile(dir_ / "output.log");
  const std::vector<pid_t> server = ProcessesMatching("armada-localstack", pid);
  ASSERT_EQ(server.size(), 1u);
  kill(pid, SIGINT);
  const RunOutcome run = Wait(pid, started);
  EXPECT_EQ(run.exit_code, 130) << run.output;
  ASSERT_TRUE(fs::exists(run.junit)) << run.output;
  EXPECT_EQ(JUnitFailures(run.junit).count("long_sleep"), 1u);
  EXPECT_THAT(run.output, HasSubstr("interrupted by SIGINT"));
  EXPECT_TRUE(ProcessesMatching(sleeper).empty()) << run.output;
  EXPECT_NE(kill(server[0], 0), 0) << "armada-localstack still running";
}

// The value after `flag` in pid's command line, "" when absent.
std::string ArgAfter(pid_t pid, const std::string& flag) {
  std::istringstream cmdline(ReadFile("/proc/" + std::to_string(pid) + "/cmdline"));
  for (std::string arg; std::getline(cmdline, arg, '\0');) {
    if (arg == flag && std::getline(cmdline, arg, '\0')) return arg;
  }
  return "";
}

TEST_F(E2ETest, TheLocalServersTokenIsOnNoCommandLineLogOrReport) {
  const std::string sleeper = "sleep " + std::to_string(200000 + getpid());
  Write("token_sleep", Case("e2e-test-queue", sleeper,
                            "timeout: 900s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = Start({"--tests", (dir_ / "cases" / "*.yaml").string()});
  const auto give_up = started + std::chrono::seconds(60);
  while (ProcessesMatching(sleeper).empty() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::vector<pid_t> server = ProcessesMatching("armada-localstack", pid);
  std::string token_file, token;
  if (server.size() == 1) {
    token_file = ArgAfter(server[0], "--token-file");
    token = ReadFile(token_file);
    while (!token.empty() && token.back() == '\n') token.pop_back();
  }
  std::vector<pid_t> showing;
  if (!token.empty()) showing = ProcessesMatching(token);
  kill(pid, SIGINT);
  const RunOutcome run = Wait(pid, started);
  ASSERT_EQ(server.size(), 1u) << run.output;
  ASSERT_EQ(token.size(), 64u) << token_file;
  EXPECT_THAT(showing, ::testing::IsEmpty()) << "the token is on a command line";
  EXPECT_THAT(run.output, Not(HasSubstr(token)));
  EXPECT_THAT(ReadFile(run.junit), Not(HasSubstr(token)));
  EXPECT_THAT(ReadFile(dir_ / "armada-localstack.log"), Not(HasSubstr(token)));
  EXPECT_FALSE(fs::exists(token_file)) << "the token outlived the run";
}

TEST_F(E2ETest, TlsAndTokenFromTheRunner) {
  const fs::path cert = dir_ / "cert.pem", key = dir_ / "key.pem";
  const std::string openssl =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key.string() + " -out " + cert.string();
  if (armada::common::testing::RunLogged({"/bin/sh", "-c", openssl}).exit_code != 0)
    GTEST_SKIP() << "openssl cannot make a certificate";
  const fs::path token = dir_ / "token", wrong = dir_ / "wrong";
  std::ofstream(token) << "the-right-token\n";
  std::ofstream(wrong) << "a-wrong-token\n";
  fs::permissions(token, fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(wrong, fs::perms::owner_read | fs::perms::owner_write);
  // Started by the test itself, as a remote server would be.
  armada::localstack::testing::ServerOptions options;
  options.args = {"--tls-cert", cert.string(), "--tls-key", key.string()};
  options.token_file = token.string();
  armada::localstack::testing::LocalStack server(options);
  ASSERT_FALSE(server.address().empty());
  // A remote server's queues are not made by the runner: the case makes its own.
  Write("tls", Case("e2e-tls", "true",
                    "timeout: 60s\nexpectedEvents:\n  - succeeded:\n"
                    "queueConfig:\n  setup:\n    queueSpec: {priorityFactor: 1}\n"));
  auto run_with = [&](const fs::path& token_file) {
    const auto started = std::chrono::steady_clock::now();
    return Wait(
        Start({"--tests", (dir_ / "cases" / "*.yaml").string(), "--armadaUrl", server.address(),
               "--ca-file", cert.string(), "--token-file", token_file.string(),
               // The check first (cli/readiness.h), which names refused credentials once.
               "--connect-timeout", "30s"},
              /*local=*/false),
        started);
  };
  const RunOutcome bad = run_with(wrong);
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_THAT(bad.output, AllOf(HasSubstr("refused the credentials: UNAUTHENTICATED"),
                                HasSubstr("wrong bearer token"), Not(HasSubstr("cannot reach"))));
  EXPECT_THAT(bad.output, Not(HasSubstr("over TLS; forceNoTls")));
  EXPECT_THAT(bad.output, Not(HasSubstr("a-wrong-token")));
  const RunOutcome good = run_with(token);
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_THAT(good.output, Not(HasSubstr("UNAUTHENTICATED")));
  EXPECT_THAT(good.output, Not(HasSubstr("the-right-token")));
  EXPECT_THAT(ReadFile(good.junit), Not(HasSubstr("the-right-token")));
}

}  // namespace
