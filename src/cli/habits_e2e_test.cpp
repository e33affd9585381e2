// The habits of modern test runners, end to end against the built binaries
// and the armada-localstack `--local` starts: --retries reports a test that
// failed once flaky in every report (and the pushgateway) and exits 0;
// --shard parts merged with `report merge` count as the unsharded run;
// labels select in `test` and `list --json`; --last-failed runs what failed
// in the last JSON report; `new` writes cases that validate and pass;
// --watch runs an edited case again and stops on Ctrl-C.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/testing/cli_run.h"
#include "common/testing/spawn_logged.h"
#include "http/testing/fake_http_server.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::cli::testing::Ran;
using armada::cli::testing::RunToEnd;
using armada::common::testing::ReadFile;
using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;
namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// One job whose command reads its job set id (the pod's armada_jobset_id
// annotation): it fails unless the job set is a retry's second attempt
// ("-a2", cli/retries.h), so it fails once and then passes, every time.
constexpr const char* kFailsOnce =
    "labels: [flaky]\nqueue: e2e-test-queue\njobs:\n"
    "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
    "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
    "          command: [\"sh\", \"-c\", \"case $JOBSET in *-a2) exit 0;; *) exit 1;; esac\"]\n"
    "          env:\n            - name: JOBSET\n              valueFrom:\n"
    "                fieldRef: {fieldPath: \"metadata.annotations['armada_jobset_id']\"}\n"
    "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
    "            requests: {memory: 25Mi, cpu: 100m}\n"
    "---\ntimeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n";

std::string Quick(const std::string& labels, const std::string& command) {
  return "labels: " + labels +
         "\nqueue: e2e-test-queue\njobs:\n"
         "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
         "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
         "          command: " +
         command +
         "\n          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
         "            requests: {memory: 25Mi, cpu: 100m}\n"
         "---\ntimeout: 60s\nexpectedEvents:\n  - submitted:\n  - succeeded:\n";
}

class HabitsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { bin_ = BinDir(); }

  void Write(const std::string& name, const std::string& text) { folder_.Write(name, text); }

  Ran Start(const std::vector<std::string>& given, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {(bin_ / "armada-testsuite").string()};
    args.insert(args.end(), given.begin(), given.end());
    const std::string log = (dir_ / "output.log").string();
    std::vector<std::string> environment = {"XDG_STATE_HOME=" + (dir_ / "state").string()};
    environment.insert(environment.end(), env.begin(), env.end());
    return RunToEnd(args, ARMADA_TS_SOURCE_DIR, log, environment);
  }

  std::string Cases() const { return (dir_ / "cases" / "*.yaml").string(); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  CaseFolder folder_{"habits"};
  const fs::path dir_ = folder_.path();
  fs::path bin_;
};

pugi::xml_node TestCase(const pugi::xml_document& doc, const std::string& name) {
  return doc.child("testsuites")
      .child("testsuite")
      .find_child_by_attribute("testcase", "name", name.c_str());
}

TEST_F(HabitsE2ETest, AFailOnceCaseUnderRetriesIsFlakyInEveryReportAndTheRunPasses) {
  Write("fails_once.yaml", kFailsOnce);
  Write("steady.yaml", Quick("[smoke]", "[\"true\"]"));
  armada::http::testing::FakeHttpServer gateway([](const armada::http::testing::ReceivedRequest&) {
    return armada::http::testing::Reply{200, ""};
  });
  const std::string summary = Path("summary.md");
  const Ran run = Start({"test", "--local", "--tests", Cases(), "--retries", "2", "--junit",
                         Path("junit.xml"), "--json", Path("results.json"), "--html",
                         Path("report.html"), "--prometheusPushgatewayUrl", gateway.url()},
                        {"GITHUB_STEP_SUMMARY=" + summary});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("fails_once: retrying (2 of 3 attempts), in a fresh job set"));
  EXPECT_THAT(run.output, ::testing::ContainsRegex("\nfails_once +flaky +"));
  EXPECT_THAT(run.output, HasSubstr("1 passed, 1 flaky, 0 failed"));

  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file(Path("junit.xml").c_str()));
  EXPECT_EQ(junit.child("testsuites").attribute("failures").as_int(), 0);
  const pugi::xml_node flaky = TestCase(junit, "fails_once");
  ASSERT_TRUE(flaky);
  EXPECT_FALSE(flaky.child("failure"));
  const pugi::xml_node attempt = flaky.child("flakyFailure");
  ASSERT_TRUE(attempt) << ReadFile(Path("junit.xml"));
  EXPECT_THAT(attempt.attribute("message").value(), HasSubstr("failed"));
  EXPECT_FALSE(attempt.next_sibling("flakyFailure"));  // one failed attempt, then a pass
  EXPECT_FALSE(TestCase(junit, "steady").child("flakyFailure"));

  const json results = json::parse(ReadFile(Path("results.json")));
  EXPECT_EQ(results["flaky"], 1);
  EXPECT_EQ(results["passed"], 1);
  for (const json& test : results["results"]) {
    if (test["name"] != "fails_once") continue;
    EXPECT_EQ(test["result"], "flaky");
    ASSERT_EQ(test["failedAttempts"].size(), 1u);
    // Each attempt its own job set: the retry's is the first's with "-a2".
    const std::string first = test["failedAttempts"][0]["jobSetId"];
    EXPECT_EQ(test["jobSetId"], first + "-a2");
  }
  EXPECT_THAT(ReadFile(Path("report.html")), HasSubstr("<td class=\"result flaky\">flaky</td>"));
  EXPECT_THAT(ReadFile(summary), HasSubstr("| fails_once | ⚠️ flaky |"));
  const auto pushes = gateway.Requests();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_THAT(pushes[0].body,
              HasSubstr("armada_testsuite_test_failure{testcase=\"fails_once\",environment=\"\","
                        "target=\"\"} 0"));

  // Without retries it fails; with --fail-on-flaky the flaky pass fails the run.
  EXPECT_EQ(Start({"test", "--local", "--tests", Cases(), "--filter", "fails_once"}).exit_code, 1);
  const Ran strict =
      Start({"test", "--local", "--tests", Cases(), "--retries", "1", "--fail-on-flaky"});
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
  EXPECT_THAT(strict.output, ::testing::ContainsRegex("\nfails_once +flaky +"));
}

TEST_F(HabitsE2ETest, TwoShardsMergedCountAsTheUnshardedRun) {
  const std::string pattern = std::string(ARMADA_TS_SOURCE_DIR) + "/testcases/basic/*.yaml";
  const Ran whole = Start({"test", "--local", "--tests", pattern, "--junit", Path("all/junit.xml"),
                           "--json", Path("all/results.json")});
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  std::vector<std::string> inputs;
  size_t sharded = 0;
  for (const char* shard : {"1", "2"}) {
    const std::string out = Path(std::string("shard") + shard);
    const Ran part =
        Start({"test", "--local", "--tests", pattern, "--shard", std::string(shard) + "/2",
               "--junit", out + "/junit.xml", "--json", out + "/results.json"});
    ASSERT_EQ(part.exit_code, 0) << part.output;
    sharded += json::parse(ReadFile(out + "/results.json"))["tests"].get<size_t>();
    inputs.push_back(out + "/junit.xml");
    inputs.push_back(out + "/results.json");
  }
  std::vector<std::string> merge = {"report", "merge", Path("merged")};
  merge.insert(merge.end(), inputs.begin(), inputs.end());
  const Ran merged = Start(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.output;

  const json all = json::parse(ReadFile(Path("all/results.json")));
  const json joined = json::parse(ReadFile(Path("merged/results.json")));
  EXPECT_GT(all["tests"].get<int>(), 1);
  EXPECT_EQ(sharded, all["tests"].get<size_t>());
  for (const char* count : {"tests", "passed", "flaky", "failed", "errors", "skipped"}) {
    EXPECT_EQ(joined[count], all[count]) << count;
  }
  pugi::xml_document unsharded, together;
  ASSERT_TRUE(unsharded.load_file(Path("all/junit.xml").c_str()));
  ASSERT_TRUE(together.load_file(Path("merged/junit.xml").c_str()));
  for (const char* count : {"tests", "failures", "errors", "skipped"}) {
    EXPECT_EQ(together.child("testsuites").attribute(count).as_int(),
              unsharded.child("testsuites").attribute(count).as_int())
        << count;
  }
  // Every test once, in one suite of the same name.
  std::multiset<std::string> names, expected;
  for (pugi::xml_node t : together.child("testsuites").child("testsuite").children("testcase")) {
    names.insert(t.attribute("name").value());
  }
  for (pugi::xml_node t : unsharded.child("testsuites").child("testsuite").children("testcase")) {
    expected.insert(t.attribute("name").value());
  }
  EXPECT_EQ(names, expected);
  EXPECT_THAT(ReadFile(Path("merged/report.html")), HasSubstr("armada-testsuite report"));

  const Ran bad = Start({"report", "merge", Path("x"), Path("all/armada-localstack.log")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, HasSubstr("not a report this command reads"));
  const Ran bad_shard = Start({"test", "--tests", pattern, "--shard", "3/2"});
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_THAT(bad_shard.output, HasSubstr("--shard 3/2: expected I/N with 1 <= I <= N"));
}

TEST_F(HabitsE2ETest, LabelsSelectInListAndTestAndLastFailedRunsWhatFailed) {
  Write("smoke_ok.yaml", Quick("[smoke]", "[\"true\"]"));
  Write("smoke_broken.yaml", Quick("[smoke, node]", "[\"false\"]"));
  Write("slow_ok.yaml", Quick("[slow]", "[\"true\"]"));

  const Ran list = Start({"list", "--tests", Cases(), "--label", "smoke", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  const json listed = json::parse(list.output);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["name"], "smoke_broken");
  EXPECT_EQ(listed[0]["labels"], json::array({"smoke", "node"}));
  EXPECT_EQ(listed[1]["name"], "smoke_ok");
  const Ran typo = Start({"list", "--tests", Cases(), "--label", "smok"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.output, HasSubstr("did you mean \"smoke\""));

  const Ran smoke = Start({"test", "--local", "--tests", Cases(), "--label", "smoke",
                           "--exclude-label", "node", "--json", Path("smoke.json")});
  EXPECT_EQ(smoke.exit_code, 0) << smoke.output;
  EXPECT_EQ(json::parse(ReadFile(Path("smoke.json")))["tests"], 1);

  const Ran all = Start({"test", "--local", "--tests", Cases(), "--json", Path("all.json")});
  EXPECT_EQ(all.exit_code, 1) << all.output;
  // The last JSON report written (remembered under XDG_STATE_HOME) ...
  const Ran again =
      Start({"test", "--local", "--tests", Cases(), "--last-failed", "--json", Path("again.json")});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  const json rerun = json::parse(ReadFile(Path("again.json")));
  ASSERT_EQ(rerun["tests"], 1);
  EXPECT_EQ(rerun["results"][0]["name"], "smoke_broken");
  // ... or a named one; none failed there: nothing to run, and that passes.
  const Ran named =
      Start({"test", "--local", "--tests", Cases(), "--last-failed=" + Path("smoke.json")});
  EXPECT_EQ(named.exit_code, 0) << named.output;
  EXPECT_THAT(named.output, HasSubstr("--last-failed: no selected test failed in"));
  const Ran missing = Start({"test", "--tests", Cases(), "--last-failed=" + Path("none.json")});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("none.json"));
}

TEST_F(HabitsE2ETest, NewWritesCasesThatValidateAndPassOnLocal) {
  for (const char* kind : {"succeed", "oom", "user-error", "cancel"}) {
    const std::string file = Path(std::string("cases/new_") + kind);
    const Ran made = Start({"new", file, "--kind", kind});
    ASSERT_EQ(made.exit_code, 0) << made.output;
    EXPECT_THAT(made.output, HasSubstr("wrote " + file + ".yaml"));
  }
  // The folder's cases, where `validate` and `test` find them.
  const Ran valid = Start({"validate", "--tests", Cases()});
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  const Ran run = Start({"test", "--local", "--tests", Cases(), "--json", Path("new.json")});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(json::parse(ReadFile(Path("new.json")))["passed"], 4);
  EXPECT_EQ(Start({"list", "--tests", Cases(), "--label", "new"}).exit_code, 0);

  const Ran again = Start({"new", Path("cases/new_succeed")});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.output, HasSubstr("exists already"));
  const Ran kind = Start({"new", Path("cases/x"), "--kind", "sucess"});
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_THAT(kind.output, HasSubstr("one of succeed, oom, user-error, cancel"));
}

// Waits until the file at log holds text (the condition, not a fixed
// time), for at most `bound`; true when it does.
bool WaitForText(const std::string& log, const std::string& text, std::chrono::seconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (ReadFile(log).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TEST_F(HabitsE2ETest, WatchRunsAnEditedCaseAgainAndStopsCleanlyOnCtrlC) {
  Write("edited.yaml", Quick("[watch]", "[\"true\"]"));
  Write("other.yaml", Quick("[watch]", "[\"true\"]"));
  const std::string log = Path("watch.log");
  const pid_t pid = SpawnLogged(
      {(bin_ / "armada-testsuite").string(), "test", "--local", "--watch", "--tests", Cases()},
      ARMADA_TS_SOURCE_DIR, log);
  ASSERT_TRUE(WaitForText(log, "watch: waiting for changes", std::chrono::seconds(60)))
      << ReadFile(log);
  EXPECT_THAT(ReadFile(log), HasSubstr("watch: edited passed"));
  EXPECT_THAT(ReadFile(log), HasSubstr("watch: other passed"));
  // An edit that breaks the case: run again, alone, with the new verdict.
  Write("edited.yaml", Quick("[watch]", "[\"false\"]"));
  const bool failed = WaitForText(log, "watch: edited failed", std::chrono::seconds(60));
  EXPECT_TRUE(failed) << ReadFile(log);
  const std::string after = ReadFile(log);
  EXPECT_EQ(after.find("watch: other passed"), after.rfind("watch: other passed"))
      << "an unchanged case ran again:\n"
      << after;
  // A file that does not load says so and the watch goes on.
  Write("edited.yaml", "queue: [\n");
  EXPECT_TRUE(WaitForText(log, "edited.yaml:", std::chrono::seconds(60))) << ReadFile(log);
  Write("edited.yaml", Quick("[watch]", "[\"true\"]"));
  auto passes = [&] {
    const std::string text = ReadFile(log);
    size_t count = 0;
    for (size_t at = text.find("watch: edited passed"); at != std::string::npos;
         at = text.find("watch: edited passed", at + 1)) {
      ++count;
    }
    return count;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (passes() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(passes(), 2u) << ReadFile(log);
  ASSERT_TRUE(WaitForText(log, "watch: waiting for changes", std::chrono::seconds(5)));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_EQ(ShellExitCode(status), 0) << ReadFile(log);
  EXPECT_THAT(ReadFile(log), HasSubstr("watch: stopped"));
  const Ran remote = Start({"test", "--watch", "--tests", Cases()});
  EXPECT_EQ(remote.exit_code, 2);
  EXPECT_THAT(remote.output, HasSubstr("--watch: needs --local"));
  const Ran report = Start({"test", "--local", "--watch", "--tests", Cases(), "--junit", "j.xml"});
  EXPECT_EQ(report.exit_code, 2);
  EXPECT_THAT(report.output,
              HasSubstr("--watch writes no reports and repeats nothing: drop --junit"));
}

}  // namespace
