// Reliability under faults, end to end: the built armada-testsuite runs the
// project's shipped test cases against the armada-localstack it starts, with
// armada-localstack's --fault-* flags (passed with --localstack-arg), and
// must reach the verdicts of a clean run; --repeat tallies runs; a server
// restarted mid-test (with and without --data-dir) ends the test with a
// clear verdict, and two quick SIGINTs still leave a JUnit report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/testing/spawn_logged.h"
#include "http/testing/fake_http_server.h"
#include "localstack/testing/localstack_test_server.h"

namespace {

using armada::common::testing::ReadFile;

using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

struct TestCase {
  std::string failure;  // "" when it did not fail
  std::string error;    // "" when it could run
  std::string system_out;
  // Per job (in report order), the names of the events it received.
  std::vector<std::vector<std::string>> jobs;
};

// Reads a JUnit report: test name -> what it says.
std::map<std::string, TestCase> ReadJUnit(const fs::path& path) {
  boost::property_tree::ptree tree;
  boost::property_tree::read_xml(path.string(), tree);
  std::map<std::string, TestCase> out;
  for (const auto& suite : tree.get_child("testsuites")) {
    if (suite.first != "testsuite") continue;
    for (const auto& test : suite.second) {
      if (test.first != "testcase") continue;
      TestCase c;
      c.failure = test.second.get<std::string>("failure.<xmlattr>.message", "");
      c.error = test.second.get<std::string>("error.<xmlattr>.message", "");
      c.system_out = test.second.get<std::string>("system-out", "");
      std::istringstream lines(c.system_out);
      static const std::regex kEvent(R"(^  \+[0-9.]+s (\w+).*)");
      for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (line.rfind("job ", 0) == 0 && line.rfind("job set:", 0) != 0) {
          c.jobs.emplace_back();
        } else if (!c.jobs.empty() && std::regex_match(line, m, kEvent)) {
          c.jobs.back().push_back(m[1]);
        }
      }
      out[test.second.get<std::string>("<xmlattr>.name")] = c;
    }
  }
  return out;
}

struct RunOutcome {
  int exit_code = -1;
  std::string output;
  double seconds = 0;
  std::map<std::string, TestCase> junit;
};

class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = ARMADA_TS_SOURCE_DIR;
    bin_ = fs::read_symlink("/proc/self/exe").parent_path();
    if (!fs::exists(bin_ / "armada-testsuite") || !fs::exists(bin_ / "armada-localstack")) {
      FAIL() << "armada-testsuite or armada-localstack not built in " << bin_;
    }
    char dir[] = "/tmp/armada-faults-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    fs::create_directories(dir_ / "cases");
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Starts a built binary with args from the source tree, its output to log.
  pid_t Spawn(const std::string& binary, const std::vector<std::string>& given,
              const fs::path& log) {
    std::vector<std::string> args = {(bin_ / binary).string()};
    args.insert(args.end(), given.begin(), given.end());
    const pid_t pid = SpawnLogged(args, source_.string(), log.string());
    return pid;
  }

  // Waits for pid, killing it (and failing the test) past `bound`: a hang
  // is a finding, never a stuck test suite.
  RunOutcome Wait(pid_t pid, std::chrono::steady_clock::time_point started,
                  std::chrono::seconds bound) {
    RunOutcome run;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() - started > bound) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ADD_FAILURE() << "armada-testsuite still running after " << bound.count() << "s";
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    run.exit_code = ShellExitCode(status);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.output = ReadFile(dir_ / "output.log");
    if (fs::exists(junit())) run.junit = ReadJUnit(junit());
    return run;
  }

  pid_t StartTests(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"test", "--junit", junit().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    fs::remove(junit());
    return Spawn("armada-testsuite", args, dir_ / "output.log");
  }

  // `test --local` on patterns with extra flags, to its end.
  RunOutcome RunLocal(const std::string& patterns, const std::vector<std::string>& extra = {},
                      std::chrono::seconds bound = std::chrono::seconds(300)) {
    std::vector<std::string> args = {"--local", "--tests", patterns};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto started = std::chrono::steady_clock::now();
    return Wait(StartTests(args), started, bound);
  }

  fs::path junit() const { return dir_ / "junit.xml"; }
  fs::path Shipped(const std::string& path) const { return source_ / "testcases" / path; }

  fs::path source_, bin_, dir_;
};

// The quick shipped cases (what Armada's CI runs from basic, categorization
// and preemption), with the events each of their jobs received in a clean
// run, computed once for the fault tests to compare with.
std::string QuickCases(const fs::path& testcases) {
  return (testcases / "basic" / "*.yaml").string() + "," +
         (testcases / "categorization" / "*.yaml").string() + "," +
         (testcases / "preemption" / "*.yaml").string();
}

// A job's events up to and including the first that completes the test's
// expectations (the last expected one): what a run records after that
// depends on timing alone.
std::vector<std::string> UpToVerdict(const std::vector<std::string>& events,
                                     const std::string& last_expected) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    out.push_back(e);
    if (e == last_expected) break;
  }
  return out;
}

using Sequences = std::map<std::string, std::vector<std::vector<std::string>>>;

// Per test, its jobs' event sequences (sorted, since jobs come in arrival
// order), each up to the event that decided it.
Sequences SequencesOf(const std::map<std::string, TestCase>& junit) {
  Sequences out;
  for (const auto& [name, test] : junit) {
    for (const auto& job : test.jobs) {
      // The first event that decides a job; what follows it arrives or not
      // before the test ends, by timing alone.
      std::string last;
      for (const auto& e : job) {
        if (e == "succeeded" || e == "failed" || e == "cancelled" || e == "preempted") {
          last = e;
          break;
        }
      }
      out[name].push_back(UpToVerdict(job, last));
    }
    std::sort(out[name].begin(), out[name].end());
  }
  return out;
}

// Keeps, per test, only the events every job of the clean run received:
// whether a job got to `running` before its cancel, say, is up to timing in
// any run, faults or not.
Sequences Stable(const Sequences& runs, const Sequences& clean) {
  Sequences out;
  for (const auto& [name, jobs] : runs) {
    // How far a job gets before a cancel reaches it is up to timing alone;
    // the cancel cases must pass, their events are not compared.
    if (name.rfind("cancel_", 0) == 0) continue;
    std::set<std::string> everywhere;
    const auto it = clean.find(name);
    if (it != clean.end() && !it->second.empty()) {
      everywhere.insert(it->second[0].begin(), it->second[0].end());
      for (const auto& job : it->second) {
        std::set<std::string> kinds(job.begin(), job.end());
        for (auto e = everywhere.begin(); e != everywhere.end();) {
          e = kinds.count(*e) > 0 ? std::next(e) : everywhere.erase(e);
        }
      }
    }
    for (const auto& job : jobs) {
      std::vector<std::string> kept;
      for (const auto& e : job) {
        if (everywhere.count(e) > 0) kept.push_back(e);
      }
      out[name].push_back(kept);
    }
    std::sort(out[name].begin(), out[name].end());
  }
  return out;
}

// No job received the same event twice in a row (a repeat left in).
void ExpectNoRepeats(const std::map<std::string, TestCase>& junit) {
  for (const auto& [name, test] : junit) {
    for (const auto& job : test.jobs) {
      for (size_t i = 1; i < job.size(); ++i) {
        EXPECT_NE(job[i], job[i - 1]) << name << ": " << ::testing::PrintToString(job);
      }
    }
  }
}

// One test for the three faults, so that the clean run they are compared
// with runs once (ctest runs each TEST in a process of its own).
TEST_F(FaultInjectionTest, ShippedCasesReachACleanRunsVerdictsUnderEachFault) {
  const RunOutcome clean_run = RunLocal(QuickCases(source_ / "testcases"));
  ASSERT_EQ(clean_run.exit_code, 0) << clean_run.output;
  const Sequences clean = SequencesOf(clean_run.junit);
  size_t events = 0;
  for (const auto& [name, jobs] : clean) {
    for (const auto& job : jobs) events += job.size();
  }
  ASSERT_GT(events, 30u);

  // They must pass with the clean run's events, and without sleeping: a
  // backoff wait is at least 1s, so none may appear, and the whole run stays
  // well under a second per event.
  const auto under = [&](const std::string& fault) {
    SCOPED_TRACE(fault);
    const RunOutcome run =
        RunLocal(QuickCases(source_ / "testcases"), {"--localstack-arg=" + fault});
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(Stable(SequencesOf(run.junit), clean), Stable(clean, clean)) << run.output;
    EXPECT_THAT(run.output, Not(HasSubstr("reconnecting in")));
    ExpectNoRepeats(run.junit);
    EXPECT_LT(run.seconds, clean_run.seconds + 0.25 * static_cast<double>(events))
        << events << " events; clean run " << clean_run.seconds << "s";
    std::string logs;
    for (const auto& [name, test] : run.junit) logs += test.system_out;
    return std::make_pair(run, logs);
  };

  const auto [cut, cut_logs] = under("--fault-stream-cut-every=1");
  EXPECT_THAT(cut_logs, HasSubstr("resuming at once from message"));
  EXPECT_THAT(cut_logs, HasSubstr("the event stream broke and was resumed"));

  under("--fault-event-delay=40");

  const auto [doubled, doubled_logs] = under("--fault-double-preempted");
  // Four jobs preempted one after the other: the first ones' repeats
  // arrive before the last job's preemption ends the test.
  ASSERT_EQ(doubled.junit.count("preempt_by_ids_1x4"), 1u) << doubled.output;
  EXPECT_THAT(doubled.junit.at("preempt_by_ids_1x4").system_out,
              HasSubstr("passed over a repeated preempted"));
}

TEST_F(FaultInjectionTest, RepeatTalliesEveryRunOfTheCategorizationCases) {
  const RunOutcome run = RunLocal(Shipped("categorization/*.yaml").string(), {"--repeat", "5"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, AllOf(HasSubstr("  oom: 5/5\n"), HasSubstr("  user_error: 5/5\n")));
  EXPECT_EQ(run.junit.size(), 10u);
  EXPECT_EQ(run.junit.count("oom (run 3/5)"), 1u);
}

TEST_F(FaultInjectionTest, RepeatWithRejectedSubmitsCreatesNoDuplicateJob) {
  const RunOutcome run =
      RunLocal(Shipped("categorization/*.yaml").string(),
               {"--repeat", "5", "--localstack-arg=--fault-reject-submit-every=2"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, AllOf(HasSubstr("  oom: 5/5\n"), HasSubstr("  user_error: 5/5\n")));
  ASSERT_EQ(run.junit.size(), 10u);
  for (const auto& [name, test] : run.junit) {
    // One job per case: a retried submission that created another would
    // show its events in the job set too.
    EXPECT_EQ(test.jobs.size(), 1u) << name << "\n" << test.system_out;
  }
}

TEST_F(FaultInjectionTest, RepeatShowsAFlakyCasesPassCountAndMessages) {
  // The job asks a counter on the host, at its pod's status.hostIP as a pod
  // reaches a node's service, and fails on every even answer, so 2 of 4
  // runs fail the same way.
  std::atomic<int> counter{0};
  armada::http::testing::FakeHttpServer server(
      [&](const auto&) {
        armada::http::testing::Reply reply;
        reply.body = std::to_string(++counter);
        reply.content_type = "text/plain";
        return reply;
      },
      std::nullopt, armada::http::testing::Listen::kEveryAddress);
  const std::string script =
      "n=$(busybox wget -qO- http://$HOST_IP:" + std::to_string(server.port()) +
      "/); echo answer $n; [ $((n % 2)) -eq 1 ]";
  std::ofstream(dir_ / "cases" / "flaky.yaml")
      << "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
         "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
         "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
         "          command: [\"sh\", \"-c\", \""
      << script
      << "\"]\n          env:\n            - name: HOST_IP\n              valueFrom:\n"
         "                fieldRef: {fieldPath: status.hostIP}\n          resources:\n            "
         "limits: {memory: 25Mi, cpu: 100m}\n"
         "            requests: {memory: 25Mi, cpu: 100m}\n"
         "---\ntimeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n";
  const RunOutcome run =
      RunLocal((dir_ / "cases" / "flaky.yaml").string(), {"--repeat", "4", "--parallel", "1"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("  flaky: 2/4\n"));
  EXPECT_THAT(run.output, HasSubstr("    2x failed: job <job> ended with failed"));
  EXPECT_EQ(run.junit.size(), 4u);
  EXPECT_EQ(counter.load(), 4);
}

TEST_F(FaultInjectionTest, RepeatZeroOrNegativeIsRefused) {
  for (const char* n : {"0", "-3"}) {
    const auto started = std::chrono::steady_clock::now();
    const RunOutcome run =
        Wait(StartTests({"--local", "--tests", Shipped("categorization/oom.yaml").string(),
                         "--repeat", n}),
             started, std::chrono::seconds(30));
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output, HasSubstr("--repeat")) << run.output;
  }
}

// A standalone armada-localstack the test stops and restarts on the same
// port, as an operator would.
class RestartTest : public FaultInjectionTest {
 protected:
  // Starts the server (on port 0 the first time, then on the first one's
  // address) and returns once it listens.
  void StartServer(bool data_dir) {
    armada::localstack::testing::ServerOptions options;
    options.listen = address_.empty() ? "127.0.0.1:0" : address_;
    options.token_file = (dir_ / "token").string();  // the server writes its token there
    options.work_dir = (dir_ / "work").string();
    if (data_dir) options.args = {"--data-dir", (dir_ / "data").string()};
    server_ = std::make_unique<armada::localstack::testing::LocalStack>(options);
    address_ = server_->address();
    ASSERT_FALSE(address_.empty());
  }
  void StopServer() {
    EXPECT_EQ(server_->Terminate(), 0) << server_->log();
    server_.reset();
  }
  void TearDown() override {
    server_.reset();
    FaultInjectionTest::TearDown();
  }

  // A job that runs for a while, expected to succeed.
  pid_t StartLongTest() {
    std::ofstream(dir_ / "cases" / "long.yaml")
        << "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
           "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
           "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
           "          command: [\"sh\", \"-c\", \"sleep 30\", \"" +
               marker_ +
               "\"]\n"
               "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
               "            requests: {memory: 25Mi, cpu: 100m}\n"
               "---\ntimeout: 90s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n";
    return StartTests({"--armadaUrl", address_, "--no-tls", "--token-file",
                       (dir_ / "token").string(), "--create-queues", "--tests",
                       (dir_ / "cases" / "long.yaml").string()});
  }

  // Waits until the test's job runs: its shell, named by marker_, exists.
  void WaitForRunning(pid_t runner) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < give_up) {
      if (!armada::localstack::testing::PidsWithArg(marker_).empty()) return;
      ASSERT_EQ(waitpid(runner, nullptr, WNOHANG), 0) << ReadFile(dir_ / "output.log");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the test's job never ran: " << ReadFile(dir_ / "output.log");
  }

  std::unique_ptr<armada::localstack::testing::LocalStack> server_;
  std::string address_;
  const std::string marker_ = armada::localstack::testing::Marker();
};

TEST_F(RestartTest, WithDataDirTheTestEndsWithAClearVerdict) {
  StartServer(/*data_dir=*/true);
  const auto started = std::chrono::steady_clock::now();
  const pid_t runner = StartLongTest();
  WaitForRunning(runner);
  StopServer();
  StartServer(/*data_dir=*/true);
  const RunOutcome run = Wait(runner, started, std::chrono::seconds(120));
  // The running job failed with the restart as its reason: the stream
  // resumed from its last id and delivered that verdict.
  EXPECT_EQ(run.exit_code, 1) << run.output;
  ASSERT_EQ(run.junit.count("long"), 1u) << run.output;
  EXPECT_THAT(run.junit.at("long").failure, HasSubstr("restart")) << run.output;
  EXPECT_THAT(run.junit.at("long").failure, Not(HasSubstr("timed out"))) << run.output;
}

TEST_F(RestartTest, WithoutDataDirTheRunnerFailsAtOnceWithTheReason) {
  StartServer(/*data_dir=*/false);
  const auto started = std::chrono::steady_clock::now();
  const pid_t runner = StartLongTest();
  WaitForRunning(runner);
  StopServer();
  const auto restarted = std::chrono::steady_clock::now();
  StartServer(/*data_dir=*/false);
  const RunOutcome run = Wait(runner, started, std::chrono::seconds(120));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  ASSERT_EQ(run.junit.count("long"), 1u) << run.output;
  // The new server knows neither the queue nor the message id; as Armada
  // (internal/server/event/event.go@v0.22.7) it names the queue, NOT_FOUND:
  // permanent, reported at once rather than after the 31s of backoff a
  // transient error gets.
  EXPECT_THAT(run.junit.at("long").failure,
              AllOf(HasSubstr("permanent, not retried"), HasSubstr("NOT_FOUND"),
                    HasSubstr("does not exist")))
      << run.output;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - restarted).count(), 20)
      << run.output;
}

TEST_F(FaultInjectionTest, TwoQuickSigintsStillLeaveAJUnitReport) {
  std::ofstream(dir_ / "cases" / "slow.yaml")
      << "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
         "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
         "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
         "          command: [\"sleep\", \"60\"]\n"
         "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
         "            requests: {memory: 25Mi, cpu: 100m}\n"
         "---\ntimeout: 90s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n";
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid =
      StartTests({"-v", "--local", "--tests", (dir_ / "cases" / "slow.yaml").string()});
  const auto give_up = started + std::chrono::seconds(60);
  while (ReadFile(dir_ / "output.log").find("submitted batch") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGINT);
  const RunOutcome run = Wait(pid, started, std::chrono::seconds(60));
  EXPECT_EQ(run.exit_code, 130) << run.output;
  ASSERT_EQ(run.junit.count("slow"), 1u) << run.output;
  // The second signal usually finds the run cancelling and writes the
  // reports at once; when the cancel was quicker, the run's own end wrote
  // them. Either way the report is there.
  EXPECT_THAT(run.output, HasSubstr("SIGINT received"));
}

}  // namespace
