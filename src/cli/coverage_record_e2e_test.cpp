// End to end: lifecycle coverage (`test --coverage`, `coverage REPORT...`)
// of the shipped suite on --local, its HTML graph rendered in headless
// Chromium, and `record` on shipped cases stripped of their expectedEvents,
// in both Armada generations, against the armada-localstack it starts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli/testing/cli_run.h"
#include "common/testing/spawn_logged.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::common::testing::Ran;
using armada::common::testing::ReadFile;
using armada::common::testing::RunLogged;
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

// "lifecycle coverage: C/T" -> C; -1 when the line is missing.
int Covered(const std::string& output) {
  std::smatch match;
  if (!std::regex_search(output, match, std::regex(R"(lifecycle coverage: (\d+)/(\d+))"))) {
    return -1;
  }
  return std::stoi(match[1]);
}

// The case's text without its expectedEvents block and timeout line.
std::string WithoutExpectations(const std::string& text) {
  std::string out = std::regex_replace(text, std::regex("\ntimeout: [^\n]*"), "");
  return std::regex_replace(out, std::regex("\nexpectedEvents:\n(  [^\n]*\n)*"), "\n");
}

class CoverageRecordE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = ARMADA_TS_SOURCE_DIR;
    bin_ = BinDir();
  }

  Ran Exec(std::vector<std::string> args) {
    if (args[0] == "armada-testsuite") args[0] = (bin_ / "armada-testsuite").string();
    return RunLogged(args, source_.string());
  }

  std::string Shipped(const std::string& path) {
    return ReadFile((source_ / "testcases" / path).string());
  }

  CaseFolder folder_{"cov"};
  const fs::path dir_ = folder_.path();
  fs::path source_, bin_;
};

// A job no node takes (its node selector matches none), reprioritized while
// it is queued: the transitions queued -> reprioritizing/reprioritized, which
// no shipped case takes (theirs reprioritize running jobs).
constexpr const char* kReprioritizeQueued =
    "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
    "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
    "      nodeSelector: {armadaproject.io/node-pool: nowhere}\n"
    "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
    "          command: [\"true\"]\n"
    "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
    "            requests: {memory: 25Mi, cpu: 100m}\n"
    "---\ntriggerEvent: queued\nreprioritize:\n  request:\n    newPriority: 2\n"
    "timeout: 60s\nexpectedEvents:\n  - submitted:\n  - reprioritized:\n";

TEST_F(CoverageRecordE2ETest, ShippedSuiteNamesItsUntakenTransitionsAndACaseRaisesTheCount) {
  std::string patterns;
  for (const char* folder :
       {"basic", "categorization", "preemption", "reprioritization", "queue", "node"}) {
    patterns +=
        (patterns.empty() ? "" : ",") + (source_ / "testcases" / folder / "*.yaml").string();
  }
  const std::string json = (dir_ / "suite.json").string();
  const std::string html = (dir_ / "suite.html").string();
  const Ran suite = Exec({"armada-testsuite", "test", "--local", "--coverage", "--tests", patterns,
                          "--json", json, "--html", html});
  ASSERT_EQ(suite.exit_code, 0) << suite.output;
  const int before = Covered(suite.output);
  ASSERT_GT(before, 10) << suite.output;
  EXPECT_THAT(suite.output, HasSubstr("untaken (and the kind of case that would take each):"));
  EXPECT_THAT(suite.output, HasSubstr("  queued -> reprioritizing: a reprioritize action with "
                                      "triggerEvent: queued\n"));
  EXPECT_THAT(suite.output, HasSubstr("  running -> leaseExpired: "));
  EXPECT_THAT(suite.output, Not(HasSubstr("  running -> succeeded: ")));
  EXPECT_THAT(suite.output, HasSubstr("v0.20.37-v0.20.40 categories oom: oom"));
  const auto report = nlohmann::json::parse(ReadFile(json));
  EXPECT_EQ(report["coverage"]["covered"], before);

  // One more case, in a run of its own, merged with the suite's report.
  std::ofstream(dir_ / "cases" / "reprioritize_queued.yaml") << kReprioritizeQueued;
  const std::string more = (dir_ / "more.json").string();
  const Ran added = Exec({"armada-testsuite", "test", "--local", "--tests",
                          (dir_ / "cases" / "*.yaml").string(), "--json", more});
  ASSERT_EQ(added.exit_code, 0) << added.output;
  const std::string merged_html = (dir_ / "merged.html").string();
  const Ran merged = Exec({"armada-testsuite", "coverage", json, more, "--html", merged_html});
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_GE(Covered(merged.output), before + 2) << merged.output;
  EXPECT_THAT(merged.output, Not(HasSubstr("  queued -> reprioritizing:")));
  EXPECT_THAT(merged.output, Not(HasSubstr("  queued -> reprioritized:")));

  // A report that is not one is refused, naming it.
  const Ran wrong = Exec({"armada-testsuite", "coverage", html});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.output, HasSubstr(html + ": not a JSON report"));

  // The graph: an edge per transition, the taken ones marked, rendered by
  // Chromium with no network (a proxy that answers nothing).
  const std::string page = ReadFile(merged_html);
  EXPECT_FALSE(std::regex_search(page, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)")));
  EXPECT_EQ(page.find("<script src"), std::string::npos);  // the status filter's is inline
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  }
  const Ran dom = Exec(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
       "--user-data-dir=" + (dir_ / "chrome").string(), "--dump-dom", "file://" + merged_html});
  ASSERT_EQ(dom.exit_code, 0) << dom.output.substr(0, 2000);
  const size_t taken = Count(dom.output, "<g id=\"t[0-9]+\" class=\"edge taken\"");
  const size_t untaken = Count(dom.output, "<g id=\"t[0-9]+\" class=\"edge untaken\"");
  EXPECT_EQ(static_cast<int>(taken), Covered(merged.output));
  EXPECT_GT(untaken, 0u);
  std::smatch total;
  ASSERT_TRUE(
      std::regex_search(merged.output, total, std::regex(R"(lifecycle coverage: \d+/(\d+))")));
  EXPECT_EQ(taken + untaken, std::stoul(total[1]));
}

// record on shipped cases whose expectedEvents were removed: a succeeding,
// an OOM-killed and a cancelled job, in each generation; the recorded cases
// keep their comments and pass.
TEST_F(CoverageRecordE2ETest, RecordReproducesCasesThatPassInBothGenerations) {
  if (geteuid() != 0) GTEST_SKIP() << "an OOM case on --local needs root, as `test` does";
  struct Generation {
    const char* executor_config;
    const char* oom;
    const char* expect;
  };
  for (const Generation& generation :
       {Generation{"e2e-config/executor_config.yaml", "categorization/oom.yaml",
                   "      categories: [\"oom\"]\n"},
        Generation{"e2e-config/executor_config.current.yaml", "categorization.current/oom.yaml",
                   "      failureCategory: \"oom\"\n"}}) {
    SCOPED_TRACE(generation.executor_config);
    fs::remove_all(dir_ / "cases");
    fs::remove_all(dir_ / "recorded");
    fs::create_directories(dir_ / "cases");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"submit_1x1.yaml", Shipped("basic/submit_1x1.yaml")},
        {"oom.yaml", Shipped(generation.oom)},
        {"cancel_by_id_1x1.yaml", Shipped("basic/cancel_by_id_1x1.yaml")}};
    std::vector<std::string> args = {"armada-testsuite",
                                     "record",
                                     "--local",
                                     "--executor-config",
                                     generation.executor_config,
                                     "--output",
                                     (dir_ / "recorded").string()};
    for (const auto& [name, text] : cases) {
      const std::string stripped = WithoutExpectations(text);
      ASSERT_EQ(stripped.find("expectedEvents"), std::string::npos) << stripped;
      std::ofstream(dir_ / "cases" / name) << stripped;
      args.push_back((dir_ / "cases" / name).string());
    }
    const Ran record = Exec(args);
    ASSERT_EQ(record.exit_code, 0) << record.output;
    for (const auto& [name, text] : cases) {
      const std::string recorded = ReadFile((dir_ / "recorded" / name).string());
      // Comments and the jobs document are as they were.
      EXPECT_EQ(recorded.substr(0, text.find("---\n")), text.substr(0, text.find("---\n"))) << name;
      EXPECT_THAT(recorded, HasSubstr("expectedEvents:\n  - submitted:\n")) << name;
    }
    EXPECT_THAT(ReadFile((dir_ / "recorded" / "oom.yaml").string()),
                AllOf(HasSubstr("  - failed:\n      reason: \"^"), HasSubstr(generation.expect)));
    EXPECT_THAT(ReadFile((dir_ / "recorded" / "cancel_by_id_1x1.yaml").string()),
                HasSubstr("  - submitted:\n  - queued:\n  - cancelled:\n"));
    EXPECT_THAT(ReadFile((dir_ / "recorded" / "submit_1x1.yaml").string()),
                HasSubstr("  - submitted:\n  - succeeded:\n"));
    const Ran test =
        Exec({"armada-testsuite", "test", "--local", "--executor-config",
              generation.executor_config, "--tests", (dir_ / "recorded" / "*.yaml").string()});
    EXPECT_EQ(test.exit_code, 0) << test.output;
  }
}

// Jobs of one case that end differently: nothing is written, and why is said.
TEST_F(CoverageRecordE2ETest, RecordRefusesJobsThatBehaveDifferently) {
  const std::string text =
      "numBatches: 1\nbatchSize: 12\nqueue: e2e-test-queue\njobs:\n"
      "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
      "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
      "          command: [\"sh\", \"-c\", \"exit $((RANDOM % 2))\"]\n"
      "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
      "            requests: {memory: 25Mi, cpu: 100m}\n";
  const fs::path file = dir_ / "cases" / "coin.yaml";
  std::ofstream(file) << text;
  const Ran record = Exec({"armada-testsuite", "record", "--local", "--executor-config",
                           "e2e-config/executor_config.current.yaml", file.string()});
  EXPECT_EQ(record.exit_code, 1) << record.output;
  EXPECT_THAT(record.output, HasSubstr(file.string() + ": not recorded: its jobs behave "
                                                       "differently: job "));
  EXPECT_EQ(ReadFile(file.string()), text);
}

}  // namespace
