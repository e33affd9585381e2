// End to end: the reports of `armada-testsuite test --local` (--benchmark,
// --json, --html, GITHUB_STEP_SUMMARY, getLogs) on fixture cases run against
// the armada-localstack it starts. The HTML is rendered in headless Chromium
// when it is installed (scripts/setup.sh installs it). getLogs without a
// Binoculars runs against a standalone armada-localstack, reading pod logs
// from an in-process fake Kubernetes API server named by a kubeconfig.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/testing/cli_run.h"
#include "cli/testing/shell_case.h"
#include "common/testing/spawn_logged.h"
#include "http/testing/fake_http_server.h"
#include "localstack/testing/localstack_test_server.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::cli::testing::Ran;
using armada::cli::testing::RunToEnd;
using armada::cli::testing::ShellCase;
using armada::cli::testing::Yaml;
using armada::common::testing::ReadFile;
using armada::common::testing::RunLogged;

using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;
using armada::http::testing::FakeHttpServer;
using armada::http::testing::ReceivedRequest;
using armada::http::testing::Reply;

namespace fs = std::filesystem;
using ::testing::HasSubstr;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A case of num_batches x batch_size jobs running `script` with sh.
std::string Case(const std::string& name, int num_batches, int batch_size,
                 const std::string& script, const std::string& rest) {
  ShellCase test;
  test.name = name;
  test.num_batches = num_batches;
  test.batch_size = batch_size;
  test.script = script;
  test.rest = "timeout: 60s\n" + rest;
  return Yaml(test);
}

class ReportsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { bin_ = BinDir(); }

  void Write(const std::string& name, const std::string& text) { folder_.Write(name, text); }

  // Runs argv (argv[0] a path) with extra environment, output to a file.
  Ran Exec(const std::vector<std::string>& given, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = given;
    const std::string log = (dir_ / "output.log").string();
    return RunToEnd(args, ARMADA_TS_SOURCE_DIR, log, env);
  }

  Ran RunTest(const std::vector<std::string>& extra, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {(bin_ / "armada-testsuite").string(),
                                     "test",
                                     "--local",
                                     "--tests",
                                     (dir_ / "cases" / "*.yaml").string(),
                                     "--junit",
                                     (dir_ / "junit.xml").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Exec(args, env);
  }

  CaseFolder folder_{"reports"};
  const fs::path dir_ = folder_.path();
  fs::path bin_;
};

void ExpectOrderedStats(const nlohmann::json& stats, const std::string& what, int count) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(stats.is_object()) << stats.dump();
  EXPECT_EQ(stats["count"], count);
  const int64_t min = stats["min"], p50 = stats["p50"], p90 = stats["p90"], p99 = stats["p99"],
                max = stats["max"];
  EXPECT_LE(0, min);
  EXPECT_LE(min, p50);
  EXPECT_LE(p50, p90);
  EXPECT_LE(p90, p99);
  EXPECT_LE(p99, max);
  EXPECT_LE(static_cast<double>(min), stats["average"].get<double>());
  EXPECT_GE(static_cast<double>(max), stats["average"].get<double>());
  EXPECT_GE(stats["variance"].get<double>(), 0);
  EXPECT_TRUE(stats.contains("standardDeviation"));
}

TEST_F(ReportsE2ETest, BenchmarkJsonHtmlAndStepSummaryOfA2x3Case) {
  Write("two_by_three",
        Case("two_by_three", 2, 3, "true", "expectedEvents:\n  - submitted:\n  - succeeded:\n"));
  Write("fails",
        Case("fails", 1, 1, "exit 3", "expectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const fs::path summary = dir_ / "step_summary.md";
  std::ofstream(summary) << "before\n";
  const Ran run = RunTest(
      {"--benchmark", (dir_ / "out" / "bench.json").string(), "--json",
       (dir_ / "out" / "results.json").string(), "--html", (dir_ / "out" / "report.html").string()},
      {"GITHUB_STEP_SUMMARY=" + summary.string()});
  EXPECT_EQ(run.exit_code, 1) << run.output;

  // Benchmark: every state and interval, over the 6 jobs of the 2x3 test.
  const auto bench = nlohmann::json::parse(ReadFile(dir_ / "out" / "bench.json"));
  EXPECT_EQ(bench["unit"], "ns");
  ASSERT_EQ(bench["subreports"].size(), 2u) << bench.dump();
  const auto& sub = bench["subreports"][1]["name"] == "two_by_three" ? bench["subreports"][1]
                                                                     : bench["subreports"][0];
  ASSERT_EQ(sub["name"], "two_by_three");
  for (const char* state : {"submitted", "queued", "leased", "pending", "running", "terminal"}) {
    ExpectOrderedStats(sub["statistics"][state], state, 6);
    ExpectOrderedStats(bench["statistics"][state], std::string("overall ") + state, 7);
  }
  for (const char* interval : {"submitted->queued", "queued->leased", "leased->pending",
                               "pending->running", "running->terminal"}) {
    ExpectOrderedStats(sub["intervals"][interval], interval, 6);
  }
  EXPECT_LE(sub["statistics"]["submitted"]["max"], sub["statistics"]["terminal"]["max"]);
  EXPECT_THAT(run.output, HasSubstr("======= BENCHMARK ======="));
  EXPECT_THAT(run.output, HasSubstr("running->terminal"));

  // JSON: both tests, results, the failure and each job's events.
  const auto results = nlohmann::json::parse(ReadFile(dir_ / "out" / "results.json"));
  EXPECT_EQ(results["tests"], 2);
  EXPECT_EQ(results["failed"], 1);
  for (const auto& test : results["results"]) {
    if (test["name"] == "fails") {
      EXPECT_EQ(test["result"], "failed");
      EXPECT_THAT(test["failure"].get<std::string>(), HasSubstr("succeeded"));
      ASSERT_EQ(test["jobs"].size(), 1u);
      EXPECT_EQ(test["jobs"][0]["end"], "failed");
    } else {
      EXPECT_EQ(test["result"], "passed");
      ASSERT_EQ(test["jobs"].size(), 6u);
      for (const auto& job : test["jobs"]) {
        EXPECT_EQ(job["events"][0]["event"], "submitted");
        EXPECT_EQ(job["end"], "succeeded");
        EXPECT_TRUE(job["submittedAt"].is_string());
      }
    }
  }

  // GitHub's step summary: appended, a row per test.
  const std::string md = ReadFile(summary);
  EXPECT_EQ(md.rfind("before\n### armada-testsuite: 1 passed, 1 failed", 0), 0u) << md;
  EXPECT_THAT(md, HasSubstr("| two_by_three | ✅ passed |"));
  EXPECT_THAT(md, HasSubstr("| fails | ❌ failed |"));

  // HTML: self-contained, one section per test, one row per job.
  const std::string html = ReadFile(dir_ / "out" / "report.html");
  EXPECT_EQ(Count(html, "<section class=\"test "), 2u);
  EXPECT_EQ(Count(html, "<g class=\"job-row "), 7u);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)")));
  EXPECT_EQ(html.find("<script src"), std::string::npos);  // the filter's script is inline
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);

  if (RunLogged({"/bin/sh", "-c", "command -v chromium"}).exit_code != 0) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it): the HTML was "
                    "checked as text only, not rendered";
  }
  // Rendered: a proxy that answers nothing means any fetch would fail; the
  // DOM Chromium built must hold every test and row all the same.
  const std::string url = "file://" + (dir_ / "out" / "report.html").string();
  const std::vector<std::string> chromium = {"chromium",
                                             "--headless",
                                             "--no-sandbox",
                                             "--disable-gpu",
                                             "--proxy-server=127.0.0.1:9",
                                             "--user-data-dir=" + (dir_ / "chrome").string()};
  std::vector<std::string> dump = chromium;
  dump.insert(dump.end(), {"--dump-dom", url});
  const Ran dom = Exec(dump);
  ASSERT_EQ(dom.exit_code, 0) << dom.output;
  EXPECT_EQ(Count(dom.output, "<section class=\"test "), 2u) << dom.output.substr(0, 2000);
  EXPECT_EQ(Count(dom.output, "<g class=\"job-row "), 7u);
  std::vector<std::string> shot = chromium;
  shot.insert(shot.end(),
              {"--screenshot=" + (dir_ / "shot.png").string(), "--window-size=1200,900", url});
  const Ran screenshot = Exec(shot);
  EXPECT_EQ(screenshot.exit_code, 0) << screenshot.output;
  ASSERT_TRUE(fs::exists(dir_ / "shot.png")) << screenshot.output;
  EXPECT_GT(fs::file_size(dir_ / "shot.png"), 10'000u);
}

// getLogs: the failing job's log lines, read back through armada-localstack's
// Binoculars service, appear in the console, in JUnit's <system-out> of that
// test, and in the JSON and HTML reports.
TEST_F(ReportsE2ETest, FailingJobsLogAppearsInConsoleAndJUnit) {
  Write("logs", Case("logs", 1, 1,
                     "echo first-line; for i in 1 2 3; do echo line-$i; done; echo oops-on-stderr "
                     ">&2; exit 4",
                     "getLogs: true\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const Ran run = RunTest(
      {"--json", (dir_ / "results.json").string(), "--html", (dir_ / "report.html").string()});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("log of failed job")) << run.output;
  // The log's lines indented under the entry that holds them.
  EXPECT_THAT(run.output, HasSubstr("\n    line-3\n    oops-on-stderr")) << run.output;

  boost::property_tree::ptree tree;
  boost::property_tree::read_xml((dir_ / "junit.xml").string(), tree);
  const std::string out = tree.get<std::string>("testsuites.testsuite.testcase.system-out");
  EXPECT_THAT(out, HasSubstr("    | first-line\n    | line-1\n    | line-2\n    | line-3\n    | "
                             "oops-on-stderr\n"))
      << out;

  const auto results = nlohmann::json::parse(ReadFile(dir_ / "results.json"));
  EXPECT_THAT(results["results"][0]["jobs"][0]["logTail"].get<std::string>(),
              HasSubstr("line-2\nline-3"));
  EXPECT_THAT(ReadFile(dir_ / "report.html"), HasSubstr("oops-on-stderr"));
}

// getLogs for a case written with `podSpecs` (not the deprecated `podSpec`):
// the container names come from the job's pod spec (api/pod_spec_of.h).
TEST_F(ReportsE2ETest, FailingJobsLogAppearsForACaseWrittenWithPodSpecs) {
  std::string text = Case("podspecs", 1, 1, "echo from-pod-specs; exit 4",
                          "getLogs: true\nexpectedEvents:\n  - submitted:\n  - succeeded:\n");
  text.replace(text.find("    podSpec:\n      restartPolicy: Never\n"),
               std::string("    podSpec:\n      restartPolicy: Never\n").size(),
               "    podSpecs:\n      - restartPolicy: Never\n");
  // Every line of the pod spec moves two columns right, into the list item.
  for (const char* key :
       {"      containers:", "        - name: main", "          image:", "          command:",
        "          resources:", "            limits:", "            requests:"}) {
    text.replace(text.find(key), 0, "  ");
  }
  Write("podspecs", text);
  const Ran run = RunTest({});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("log of failed job")) << run.output;
  EXPECT_THAT(run.output, HasSubstr("from-pod-specs")) << run.output;
}

// Without getLogs nothing is fetched.
TEST_F(ReportsE2ETest, NoLogsWithoutGetLogs) {
  Write("nologs", Case("nologs", 1, 1, "echo hidden-line; exit 4",
                       "expectedEvents:\n  - submitted:\n  - succeeded:\n"));
  const Ran run = RunTest({});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, ::testing::Not(HasSubstr("hidden-line")));
  EXPECT_THAT(ReadFile(dir_ / "junit.xml"), ::testing::Not(HasSubstr("hidden-line")));
}

// getLogs against a server with no Binoculars configured: the pod log from
// the Kubernetes API of kubeconfig's current context.
class PodLogE2ETest : public ReportsE2ETest {
 protected:
  void SetUp() override {
    ReportsE2ETest::SetUp();
    armada::localstack::testing::ServerOptions options;
    options.token_file = (dir_ / "token").string();  // the server writes its token there
    stack_ = std::make_unique<armada::localstack::testing::LocalStack>(options);
    address_ = stack_->address();
    ASSERT_FALSE(address_.empty());
    Write("logs", Case("logs", 1, 1, "echo local-only-line; exit 4",
                       "getLogs: true\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"));
  }
  void TearDown() override {
    stack_.reset();
    ReportsE2ETest::TearDown();
  }

  // A kubeconfig whose current context is server, with a bearer token.
  std::string Kubeconfig(const std::string& server) {
    const std::string path = (dir_ / "kubeconfig").string();
    std::ofstream(path) << "current-context: kind-armada\n"
                        << "contexts: [{name: kind-armada, context: {cluster: kind, user: ci}}]\n"
                        << "clusters: [{name: kind, cluster: {server: '" << server << "'}}]\n"
                        << "users: [{name: ci, user: {token: pod-log-token}}]\n";
    return path;
  }

  // `test` against the standalone stack, HOME in the test's folder (no
  // ~/.armadactl.yaml, no ~/.kube/config) and KUBECONFIG as given.
  Ran RunAgainstStack(const std::string& kubeconfig) {
    return Exec({(bin_ / "armada-testsuite").string(), "test", "--armadaUrl", address_, "--no-tls",
                 "--token-file", (dir_ / "token").string(), "--create-queues", "--tests",
                 (dir_ / "cases" / "*.yaml").string(), "--junit", (dir_ / "junit.xml").string()},
                {"HOME=" + dir_.string(), "KUBECONFIG=" + kubeconfig});
  }

  std::string SystemOut() {
    boost::property_tree::ptree tree;
    boost::property_tree::read_xml((dir_ / "junit.xml").string(), tree);
    return tree.get<std::string>("testsuites.testsuite.testcase.system-out");
  }

  std::unique_ptr<armada::localstack::testing::LocalStack> stack_;
  std::string address_;
};

TEST_F(PodLogE2ETest, WithoutBinocularsTheKubernetesPodLogIsRead) {
  FakeHttpServer api([](const ReceivedRequest& request) {
    if (request.target.find("/log?") == std::string::npos) return Reply{404, "{}"};
    return Reply{200, "pod-line-1\npod-line-2\npod-line-3\n", "text/plain"};
  });
  const Ran run = RunAgainstStack(Kubeconfig(api.url()));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("log of failed job")) << run.output;
  EXPECT_THAT(run.output, HasSubstr("\n    pod-line-2\n    pod-line-3")) << run.output;
  // The API server's log, not armada-localstack's own copy.
  EXPECT_THAT(run.output, ::testing::Not(HasSubstr("local-only-line")));
  EXPECT_THAT(SystemOut(), HasSubstr("    | pod-line-1\n    | pod-line-2\n    | pod-line-3\n"));

  // One request: the failed job's pod as Armada's executor names it, in the
  // job's namespace, its container's last 20 lines, with the context's token.
  const std::vector<ReceivedRequest> asked = api.Requests();
  ASSERT_EQ(asked.size(), 1u);
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      asked[0].target, match,
      std::regex(R"(/api/v1/namespaces/default/pods/armada-([0-9a-z]+)-0/log\?container=main&)"
                 R"(tailLines=20&limitBytes=65536)")))
      << asked[0].target;
  EXPECT_THAT(SystemOut(), HasSubstr("job " + match[1].str() + " failed"));
  EXPECT_EQ(asked[0].headers.at("authorization"), "Bearer pod-log-token");
}

TEST_F(PodLogE2ETest, RefusalsOfTheApiServerAreNamedInTheReport) {
  for (const int status : {403, 404}) {
    SCOPED_TRACE(status);
    FakeHttpServer api([status](const ReceivedRequest&) {
      return Reply{status, status == 403
                               ? R"({"kind":"Status","message":"pods is forbidden: User \"ci\" )"
                                 R"(cannot get resource \"pods/log\"","code":403})"
                               : R"({"kind":"Status","message":"pods not found","code":404})"};
    });
    const Ran run = RunAgainstStack(Kubeconfig(api.url()));
    // The test fails on its own expectation, not on the missing log.
    EXPECT_EQ(run.exit_code, 1) << run.output;
    const std::string out = SystemOut();
    EXPECT_THAT(out, HasSubstr(status == 403 ? "HTTP 403 Forbidden: pods is forbidden"
                                             : "HTTP 404 Not Found: pods not found"))
        << out;
    EXPECT_THAT(run.output, HasSubstr(status == 403 ? "HTTP 403 Forbidden" : "HTTP 404 Not Found"));
    EXPECT_THAT(ReadFile(dir_ / "junit.xml"), HasSubstr("while expecting succeeded"));
  }
}

TEST_F(PodLogE2ETest, NoKubeconfigAndNoBinocularsIsANoteNotAFailure) {
  const Ran run = RunAgainstStack((dir_ / "no-such-kubeconfig").string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const std::string out = SystemOut();
  EXPECT_THAT(out,
              HasSubstr("getLogs: no job logs: job logs come from Binoculars (--binocularsUrl, "
                        "or binocularsUrl in the client config's context) or the Kubernetes "
                        "API of kubeconfig's current context; neither is configured (no "
                        "kubeconfig found"))
      << out;
  EXPECT_EQ(Count(out, "getLogs"), 1u) << out;
  // The failure is the test's own expectation.
  EXPECT_THAT(ReadFile(dir_ / "junit.xml"), HasSubstr("while expecting succeeded"));
  EXPECT_THAT(ReadFile(dir_ / "junit.xml"), ::testing::Not(HasSubstr("<error")));
}

TEST_F(ReportsE2ETest, UnwritableReportFailsTheRunNamingIt) {
  Write("ok", Case("ok", 1, 1, "true", "expectedEvents:\n  - submitted:\n  - succeeded:\n"));
  fs::create_directories(dir_ / "taken.json");  // a directory where the file should go
  const Ran run = RunTest({"--json", (dir_ / "taken.json").string()});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("cannot write JSON report"));
}

}  // namespace
