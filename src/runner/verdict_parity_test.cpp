// The verdict parity table: event sequences fed to this runner's assertions,
// each row with the verdict of Armada's Go runner at v0.20.40 and at v0.22.7
// as read from its code, and how Go's pushgateway metrics would count the
// failure. Go's rules, cited:
//   internal/testsuite/eventwatcher/eventwatcher.go (AssertEvents,
//     isTerminalEvent) and validators.go (assertEventFailed) at each tag;
//   internal/testsuite/app.go (Describe) at each tag for the metrics.
// A row where this runner differs says why; README's "Differences from
// Armada's Go testsuite" lists the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/failure_kind.h"
#include "runner/event_assertions.h"
#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using namespace ::armada::runner::testing;
using report::FailureKind;
using report::ServerGeneration;

// A verdict on one job's events: the assertion passed, failed at once, or
// still waits (Go then fails at the test's timeout; so does this runner,
// except where a row says).
enum class Verdict { kPass, kFail, kWaits, kNotApplicable };

const char* Name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kWaits:
      return "waits";
    case Verdict::kNotApplicable:
      return "n/a";
  }
  return "";
}

// Go's pushgateway gauge for a failing row, or kNone for a passing one.
enum class Gauge { kNone, kTestFailure, kTestTimeout };

struct Row {
  std::string name;
  std::vector<api::EventMessage> expected;
  std::vector<api::EventMessage> events;  // of the one job "j"
  Verdict go_v0_20_40;                    // n/a: that generation's server cannot send these events
  Verdict go_v0_22_7;
  Verdict ours;
  FailureKind kind;  // ours, when it fails
  Gauge gauge_v0_20_40, gauge_v0_22_7;
  std::string difference;  // why ours differs from Go, when it does
};

api::EventMessage Preempted() {
  api::EventMessage e;
  e.mutable_preempted()->set_job_id("j");
  return e;
}
api::EventMessage Preempting() {
  api::EventMessage e;
  e.mutable_preempting()->set_job_id("j");
  return e;
}
api::EventMessage FailedWith(const std::string& category, const std::string& subcategory = "",
                             bool retryable = false) {
  api::EventMessage e = Failed("j", "", {}, retryable);
  e.mutable_failed()->set_failure_category(category);
  e.mutable_failed()->set_failure_subcategory(subcategory);
  return e;
}
api::EventMessage ExpectFailureCategory(const std::string& category,
                                        const std::string& subcategory = "") {
  return FailedWith(category, subcategory);
}

std::vector<Row> Rows() {
  const auto S = Submitted("j");
  const auto R = Running("j");
  return {
      {"clean run",
       {Submitted(""), Running(""), Succeeded("")},
       {S, Queued("j"), R, Succeeded("j")},
       Verdict::kPass,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kNone,
       Gauge::kNone,
       ""},
      // ErrUnexpectedEvent: "unexpected event for job" -> test_failure.
      {"early terminal event",
       {Submitted(""), Running(""), Succeeded("")},
       {S, Failed("j", "exit 1")},
       Verdict::kFail,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kEndedEarly,
       Gauge::kTestFailure,
       Gauge::kTestFailure,
       ""},
      {"cancelled while expecting running",
       {Submitted(""), Running("")},
       {S, Cancelled("j")},
       Verdict::kFail,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kEndedEarly,
       Gauge::kTestFailure,
       Gauge::kTestFailure,
       ""},
      // v0.22.5+: retryable is compared whenever failed meets failed; the
      // field does not exist at v0.20.40 (pkg/api/event.proto@v0.20.40).
      {"retryable failure, then terminal, expecting failed",
       {Submitted(""), Failed("")},
       {S, R, Failed("j", "run 1", {}, true), R, Failed("j", "run 2")},
       Verdict::kNotApplicable,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kRetryable,
       Gauge::kNone,
       Gauge::kTestTimeout,
       ""},
      {"retryable failure, then success",
       {Submitted(""), Succeeded("")},
       {S, Failed("j", "node lost", {}, true), R, Succeeded("j")},
       Verdict::kNotApplicable,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kNone,
       Gauge::kNone,
       ""},
      // isTerminalEvent@v0.20.40 counts preempted as terminal, so an
      // expectation past it fails there; from v0.22 only the later failed ends the job.
      {"preempted, then failed",
       {Submitted(""), Preempted(), Failed("")},
       {S, R, Preempted(), Failed("j", "preempted")},
       Verdict::kFail,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kTestFailure,
       Gauge::kNone,
       "as v0.22.7: preempted is not terminal (Armada's job lifecycle, failed follows)"},
      {"repeated preempted",
       {Submitted(""), Preempted(), Failed("")},
       {S, R, Preempted(), Preempted(), Failed("j", "preempted")},
       Verdict::kFail,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kTestFailure,
       Gauge::kNone,
       "as v0.22.7"},
      {"preempted as the last expectation",
       {Submitted(""), Preempted()},
       {S, R, Preempted()},
       Verdict::kPass,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kNone,
       Gauge::kNone,
       ""},
      {"preempting, then preempted",
       {Submitted(""), Preempting(), Preempted()},
       {S, R, Preempting(), Preempted()},
       Verdict::kPass,
       Verdict::kPass,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kNone,
       Gauge::kNone,
       ""},
      // assertCategories@v0.20.40: sorted, exact; "expected categories" -> test_failure.
      {"categories equal (v0.20.40 server)",
       {Submitted(""), Failed("", "", {"b", "a"})},
       {S, Failed("j", "", {"a", "b"})},
       Verdict::kPass,
       Verdict::kNotApplicable,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kNone,
       Gauge::kNone,
       ""},
      {"categories differ (v0.20.40 server)",
       {Submitted(""), Failed("", "", {"oom"})},
       {S, Failed("j", "", {"user_error"})},
       Verdict::kFail,
       Verdict::kNotApplicable,
       Verdict::kFail,
       FailureKind::kCategories,
       Gauge::kTestFailure,
       Gauge::kNone,
       ""},
      // v0.22.7's proto reserves field 15; jsonpb with AllowUnknownFields
      // drops `categories` from the case, so Go passes whatever the category.
      {"categories expected, failureCategory sent (v0.22.7 server)",
       {Submitted(""), Failed("", "", {"oom"})},
       {S, FailedWith("user_error")},
       Verdict::kNotApplicable,
       Verdict::kPass,
       Verdict::kFail,
       FailureKind::kCategories,
       Gauge::kNone,
       Gauge::kNone,
       "deliberate: the case asks for categories the server no longer sends; the failure "
       "names `failureCategory` as the key to use"},
      // validators.go@v0.22.7: "expected failure_category" -> test_timeout.
      {"failureCategory differs (v0.22.7 server)",
       {Submitted(""), ExpectFailureCategory("oom")},
       {S, FailedWith("user_error")},
       Verdict::kNotApplicable,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kFailureCategory,
       Gauge::kNone,
       Gauge::kTestTimeout,
       ""},
      {"failureSubcategory differs (v0.22.7 server)",
       {Submitted(""), ExpectFailureCategory("oom", "tmpfs")},
       {S, FailedWith("oom", "heap")},
       Verdict::kNotApplicable,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kFailureSubcategory,
       Gauge::kNone,
       Gauge::kTestTimeout,
       ""},
      // "error asserting failure reason" -> test_failure at both tags.
      {"reason does not match",
       {Submitted(""), Failed("", "^OOM")},
       {S, Failed("j", "exit code 1")},
       Verdict::kFail,
       Verdict::kFail,
       Verdict::kFail,
       FailureKind::kReason,
       Gauge::kTestFailure,
       Gauge::kTestFailure,
       ""},
      {"expected event never comes",
       {Submitted(""), Running(""), Succeeded("")},
       {S, Queued("j")},
       Verdict::kWaits,
       Verdict::kWaits,
       Verdict::kWaits,
       FailureKind::kNone,
       Gauge::kTestTimeout,
       Gauge::kTestTimeout,
       ""},
      // AssertEvents at both tags: "Run forever if expected events is empty".
      {"empty expectations",
       {},
       {S, Succeeded("j")},
       Verdict::kWaits,
       Verdict::kWaits,
       Verdict::kPass,
       FailureKind::kNone,
       Gauge::kTestTimeout,
       Gauge::kTestTimeout,
       "deliberate: nothing was expected, so the test passes once every job ended"},
  };
}

Verdict Ours(const Row& row, FailureKind* kind) {
  JobTable jobs(std::vector<std::string>{"j"});
  auto expected = ExpectedEvents::Compile(row.expected);
  EXPECT_TRUE(expected.ok()) << expected.status().message();
  EventAssertions assertions(std::move(*expected), jobs);
  for (const auto& event : row.events) {
    assertions.OnEvent(event, std::chrono::system_clock::now());
  }
  *kind = assertions.failure_kind();
  if (assertions.failed()) return Verdict::kFail;
  return assertions.complete() ? Verdict::kPass : Verdict::kWaits;
}

// The gauge Go's app.go pushes for a failure of this kind on that
// generation's server, through this runner's mapping.
Gauge OurGauge(Verdict verdict, FailureKind kind, ServerGeneration generation) {
  if (verdict == Verdict::kPass) return Gauge::kNone;
  // A row that waits ends at the timeout: kOther.
  if (verdict == Verdict::kWaits) kind = FailureKind::kOther;
  return report::IsGoTestFailure(kind, generation) ? Gauge::kTestFailure : Gauge::kTestTimeout;
}

TEST(VerdictParityTest, EachRowMatchesGoOrIsADocumentedDifference) {
  for (const Row& row : Rows()) {
    SCOPED_TRACE(row.name);
    FailureKind kind = FailureKind::kNone;
    const Verdict ours = Ours(row, &kind);
    EXPECT_EQ(Name(ours), std::string(Name(row.ours)));
    if (ours == Verdict::kFail) {
      EXPECT_EQ(kind, row.kind);
    }
    for (const auto& [go, generation, gauge] :
         {std::tuple{row.go_v0_20_40, ServerGeneration::kCategoriesList, row.gauge_v0_20_40},
          std::tuple{row.go_v0_22_7, ServerGeneration::kFailureCategory, row.gauge_v0_22_7}}) {
      if (go == Verdict::kNotApplicable) continue;
      if (row.difference.empty()) {
        EXPECT_EQ(Name(ours), std::string(Name(go))) << "an undocumented difference from Go";
      }
      // Where the verdicts agree, the metrics count the failure as Go does.
      if (ours == go) {
        EXPECT_EQ(OurGauge(ours, kind, generation), gauge);
      }
    }
  }
}

TEST(VerdictParityTest, AnUnknownGenerationCountsFailuresAsArmadasHead) {
  for (FailureKind kind : {FailureKind::kEndedEarly, FailureKind::kReason, FailureKind::kCategories,
                           FailureKind::kFailureCategory, FailureKind::kFailureSubcategory,
                           FailureKind::kRetryable, FailureKind::kOther}) {
    EXPECT_EQ(report::IsGoTestFailure(kind, ServerGeneration::kUnknown),
              report::IsGoTestFailure(kind, ServerGeneration::kFailureCategory));
  }
}

TEST(VerdictParityTest, FailedEventsTellTheGeneration) {
  JobTable jobs(std::vector<std::string>{"j"});
  EventAssertions old_server(*ExpectedEvents::Compile({}), jobs);
  old_server.OnEvent(Failed("j", "", {"oom"}), {});
  EXPECT_EQ(old_server.generation_seen(), ServerGeneration::kCategoriesList);
  EventAssertions new_server(*ExpectedEvents::Compile({}), jobs);
  new_server.OnEvent(Submitted("j"), {});
  EXPECT_EQ(new_server.generation_seen(), ServerGeneration::kUnknown);
  new_server.OnEvent(FailedWith("oom"), {});
  EXPECT_EQ(new_server.generation_seen(), ServerGeneration::kFailureCategory);
}

}  // namespace
}  // namespace armada::runner
