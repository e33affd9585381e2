// A case of several batches with an interval, end to end against the built
// binaries and the armada-localstack `--local` starts (#30): the watch
// starts with the first batch, so a failure in batch 1 ends the test before
// the interval is out, a timeout while waiting it out names the wait, and
// both report the jobs submitted so far; -v's event lines carry the
// server's event times.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "cli/testing/cli_run.h"
#include "cli/testing/shell_case.h"
#include "common/testing/spawn_logged.h"

namespace {

using armada::cli::testing::CaseFolder;
using armada::cli::testing::RunToEnd;
using armada::cli::testing::ShellCase;
using armada::cli::testing::Testsuite;
using armada::cli::testing::Yaml;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kExpectations[] =
    "expectedEvents:\n  - submitted:\n  - queued:\n  - running:\n  - succeeded:\n";

TEST(BatchesE2ETest, AnEarlyBatchsFailureOrTimeoutIsReportedWithItsJobs) {
  CaseFolder folder("batches");
  ShellCase fails;
  fails.name = "fails-in-batch-1";
  fails.num_batches = 2;
  fails.batch_size = 2;
  fails.interval = "60s";
  fails.script = "exit 3";
  fails.rest = std::string("timeout: 120s\n") + kExpectations;
  folder.Write("fails", Yaml(fails));
  ShellCase waits = fails;
  waits.name = "times-out-in-the-interval";
  waits.batch_size = 1;
  waits.script = "true";
  waits.rest = std::string("timeout: 8s\n") + kExpectations;
  folder.Write("waits", Yaml(waits));

  const auto ran = RunToEnd({Testsuite().string(), "test", "--local", "-v", "--json",
                             (folder.path() / "report.json").string(), folder.cases().string()},
                            ARMADA_TS_SOURCE_DIR, folder.path() / "output.log", {"TZ=UTC"});
  EXPECT_EQ(ran.exit_code, 1) << ran.output;
  // Both end long before batch 2's 60s interval.
  EXPECT_LT(ran.seconds, 50) << ran.output;

  const json report =
      json::parse(armada::common::testing::ReadFile((folder.path() / "report.json").string()));
  std::map<std::string, json> by_name;
  for (const json& test : report["results"]) by_name[test["name"]] = test;
  ASSERT_EQ(by_name.count("fails-in-batch-1"), 1u) << report.dump(2);
  ASSERT_EQ(by_name.count("times-out-in-the-interval"), 1u) << report.dump(2);

  const json& failed = by_name["fails-in-batch-1"];
  EXPECT_EQ(failed["result"], "failed");
  EXPECT_FALSE(failed["timedOut"].get<bool>());
  EXPECT_THAT(failed["failure"].get<std::string>(), HasSubstr("ended with failed"));
  EXPECT_EQ(failed["jobs"].size(), 2u) << "batch 1's two jobs";
  EXPECT_THAT(failed["log"].get<std::string>(), HasSubstr("ended after 1 of 2 batch(es)"));

  const json& timed_out = by_name["times-out-in-the-interval"];
  EXPECT_EQ(timed_out["result"], "failed");
  EXPECT_TRUE(timed_out["timedOut"].get<bool>());
  EXPECT_THAT(timed_out["failure"].get<std::string>(),
              HasSubstr("timed out after 8s while waiting the interval (60000ms) before batch "
                        "2/2, 1 batch(es) submitted: the 1 job(s) submitted so far had ended, of "
                        "2 planned"));
  ASSERT_EQ(timed_out["jobs"].size(), 1u);
  const json& job = timed_out["jobs"][0];
  EXPECT_EQ(job["end"], "succeeded");

  // -v's line for each of that job's events is stamped with the time the
  // report gives it: the server's `created`, not the time it arrived.
  const std::string id = job["jobId"];
  for (const json& event : job["events"]) {
    const std::string at = event["at"];  // 2026-12-06T21:52:58.123Z
    const std::string clock = at.substr(11, 12);
    EXPECT_THAT(ran.output, HasSubstr(clock + " debug times-out-in-the-interval: job " + id + " " +
                                      event["event"].get<std::string>()))
        << ran.output;
  }
}

}  // namespace
