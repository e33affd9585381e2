#include "cli/recorded_expectations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/event_names.h"
#include "testcase/loader.h"

namespace armada::cli {
namespace {

using ::testing::HasSubstr;

report::JobTimeline Job(const std::string& id,
                        std::vector<std::pair<const char*, std::string>> events) {
  report::JobTimeline job;
  job.job_id = id;
  for (const auto& [name, detail] : events) {
    const EventKind* kind = FindEventKind(name);
    job.Add(static_cast<uint8_t>(kind - EventKinds().data()), {}, kind->terminal, detail);
  }
  return job;
}

report::TestResult Passed(std::vector<report::JobTimeline> jobs) {
  report::TestResult result;
  result.outcome = report::Outcome::kPassed;
  result.jobs = std::move(jobs);
  return result;
}

const std::vector<std::pair<const char*, std::string>> kOom = {
    {"submitted", ""}, {"queued", ""},
    {"leased", ""},    {"pending", ""},
    {"running", ""},   {"failed", "reason \"OOMKilled (exit 137)\", failureCategory oom"}};

TEST(RecordedExpectationsTest, KeepsSubmittedTheTriggerAndTheEndWithTheFailuresDetails) {
  api::TestSpec spec;
  auto events = RecordedEventsOf(spec, Passed({Job("a", kOom), Job("b", kOom)}));
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(ExpectedEventsYaml(*events),
            "expectedEvents:\n"
            "  - submitted:\n"
            "  - failed:\n"
            "      reason: \"^OOMKilled\\\\ \\\\(exit\\\\ 137\\\\)$\"\n"
            "      failureCategory: \"oom\"\n");
  spec.set_trigger_event("queued");
  events = RecordedEventsOf(
      spec, Passed({Job(
                "a", {{"submitted", ""}, {"queued", ""}, {"cancelling", ""}, {"cancelled", ""}})}));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(ExpectedEventsYaml(*events),
            "expectedEvents:\n  - submitted:\n  - queued:\n  - cancelled:\n");
  events = RecordedEventsOf(
      spec, Passed({Job("a", {{"submitted", ""},
                              {"failed", "reason \"x\", categories [oom, user_error]"}})}));
  ASSERT_TRUE(events.ok());
  EXPECT_THAT(ExpectedEventsYaml(*events),
              HasSubstr("      categories: [\"oom\", \"user_error\"]\n"));
}

TEST(RecordedExpectationsTest, RefusesJobsThatBehaveDifferentlyOrDidNotEnd) {
  api::TestSpec spec;
  auto other = kOom;
  other.back() = {"succeeded", ""};
  auto events = RecordedEventsOf(spec, Passed({Job("a", kOom), Job("b", other)}));
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().message(),
            "its jobs behave differently: job a showed submitted, failed (reason \"OOMKilled "
            "(exit 137)\", failureCategory oom); job b showed submitted, succeeded");
  events = RecordedEventsOf(spec, Passed({Job("a", {{"submitted", ""}, {"running", ""}})}));
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().message(), "job a did not end (it showed submitted)");
  report::TestResult timed_out = Passed({Job("a", kOom)});
  timed_out.outcome = report::Outcome::kFailed;
  timed_out.message = "timed out after 5s";
  EXPECT_EQ(RecordedEventsOf(spec, timed_out).status().message(),
            "the run did not complete: timed out after 5s");
}

TEST(RecordedExpectationsTest, TheTimeoutHasHeadroom) {
  EXPECT_EQ(RecordedTimeout(3.2), "60s");
  EXPECT_EQ(RecordedTimeout(41), "130s");
}

constexpr const char* kCase =
    "# yaml-language-server: $schema=../schema.json\n"
    "# A comment about the case.\n"
    "queue: q\n"
    "jobs:\n"
    "  - namespace: default\n"
    "---\n"
    "# yaml-language-server: $schema=../schema.json\n"
    "triggerEvent: queued\n"
    "timeout: \"100s\"\n"
    "# Expectations follow.\n"
    "expectedEvents:\n"
    "  - submitted:\n"
    "  # old comment\n"
    "  - succeeded:\n"
    "# trailing comment\n"
    "cancel:\n"
    "  request:\n";

TEST(RecordedExpectationsTest, RewriteKeepsCommentsAndKeyOrder) {
  const std::string rewritten =
      RewriteCase(kCase, "expectedEvents:\n  - submitted:\n  - cancelled:\n", "60s");
  EXPECT_EQ(rewritten,
            "# yaml-language-server: $schema=../schema.json\n"
            "# A comment about the case.\n"
            "queue: q\n"
            "jobs:\n"
            "  - namespace: default\n"
            "---\n"
            "# yaml-language-server: $schema=../schema.json\n"
            "triggerEvent: queued\n"
            "timeout: \"60s\"\n"
            "# Expectations follow.\n"
            "expectedEvents:\n"
            "  - submitted:\n"
            "  - cancelled:\n"
            "# trailing comment\n"
            "cancel:\n"
            "  request:\n");
  EXPECT_TRUE(testcase::ParseTestCaseAsWritten(rewritten, "case.yaml").ok());
}

TEST(RecordedExpectationsTest, RewriteAddsWhatIsMissingAtTheEnd) {
  const std::string without =
      "queue: q\njobs:\n  - namespace: default\n---\ncancel:\n  request:\n\n";
  EXPECT_EQ(RewriteCase(without, "expectedEvents:\n  - submitted:\n", "60s"),
            "queue: q\njobs:\n  - namespace: default\n---\ncancel:\n  request:\n"
            "timeout: \"60s\"\nexpectedEvents:\n  - submitted:\n");
}

}  // namespace
}  // namespace armada::cli
