#include "runner/event_assertions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using namespace ::armada::runner::testing;

EventAssertions Make(const std::vector<api::EventMessage>& expected, const JobTable& jobs) {
  auto compiled = ExpectedEvents::Compile(expected);
  EXPECT_TRUE(compiled.ok()) << compiled.status().message();
  return EventAssertions(std::move(*compiled), jobs);
}

void Feed(EventAssertions& a, const std::vector<api::EventMessage>& events) {
  for (const auto& e : events) a.OnEvent(e, std::chrono::system_clock::now());
}

api::EventMessage ExpectFailed(const std::vector<std::string>& categories,
                               const std::string& reason = "") {
  return Failed("", reason, categories);
}

TEST(EventAssertionsTest, InOrderWithOtherEventsBetween) {
  JobTable jobs_of_a(std::vector<std::string>{"j1", "j2"});
  auto a = Make({Submitted(""), Succeeded("")}, jobs_of_a);
  Feed(a, {Submitted("j1"), Queued("j1"), Submitted("j2"), Running("j1"), Succeeded("j1")});
  EXPECT_FALSE(a.complete());
  Feed(a, {Queued("j2"), Running("j2"), Succeeded("j2")});
  EXPECT_TRUE(a.complete());
  EXPECT_FALSE(a.failed());
}

TEST(EventAssertionsTest, JobsOfALaterBatchAreCheckedOnceSubmitted) {
  JobTable jobs;
  jobs.Intern("j1");
  auto a = Make({Submitted(""), Succeeded("")}, jobs);
  a.OnSubmitted(jobs, 0, 1, std::chrono::system_clock::now());
  Feed(a, {Submitted("j1"), Succeeded("j1")});
  EXPECT_TRUE(a.complete());
  jobs.Intern("j2");
  a.OnSubmitted(jobs, 1, 2, std::chrono::system_clock::now());
  EXPECT_FALSE(a.complete());
  Feed(a, {Submitted("j2"), Cancelled("j2")});
  EXPECT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("job j2 ended with cancelled"));
}

TEST(EventAssertionsTest, OutOfOrderNeverCompletes) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({Running(""), Queued("")}, jobs_of_a);
  Feed(a, {Queued("j1"), Running("j1")});
  EXPECT_FALSE(a.complete());
  EXPECT_THAT(a.DescribeMissing(), HasSubstr("missing [queued]"));
}

TEST(EventAssertionsTest, IgnoresJobsTheTestDidNotSubmit) {
  JobTable jobs_of_a(std::vector<std::string>{"mine"});
  auto a = Make({Submitted(""), Succeeded("")}, jobs_of_a);
  Feed(a, {Submitted("other"), Failed("other", "boom"), Submitted("mine"), Succeeded("mine")});
  EXPECT_TRUE(a.complete());
  EXPECT_FALSE(a.failed());
}

TEST(EventAssertionsTest, CategoriesComparedSorted) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({Submitted(""), ExpectFailed({"b", "a"})}, jobs_of_a);
  Feed(a, {Submitted("j1"), Failed("j1", "x", {"a", "b"})});
  EXPECT_TRUE(a.complete());
  EXPECT_FALSE(a.failed());
}

TEST(EventAssertionsTest, WrongCategoryNamesBothLists) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({ExpectFailed({"user_error"})}, jobs_of_a);
  Feed(a, {Submitted("j1"), Failed("j1", "OOMKilled", {"oom"})});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), AllOf(HasSubstr("job j1"),
                                 HasSubstr("expected categories [user_error] but got [oom]")));
}

// The two Armada generations name a failure's category differently: the
// message says which one the server speaks and which key to expect.
TEST(EventAssertionsTest, CategoriesFromAServerSendingOnlyFailureCategoryNameTheKey) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({ExpectFailed({"oom"})}, jobs_of_a);
  api::EventMessage failed = Failed("j1", "OOMKilled");
  failed.mutable_failed()->set_failure_category("oom");
  Feed(a, {failed});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(),
              HasSubstr("expected categories [oom] but the server sent no categories, only "
                        "failureCategory \"oom\" (Armada v0.20.41 and later): expect "
                        "`failureCategory: oom` instead of `categories`"));

  api::EventMessage want;
  want.mutable_failed()->set_failure_category("oom");
  JobTable jobs_of_b(std::vector<std::string>{"j1"});
  auto b = Make({want}, jobs_of_b);
  Feed(b, {Failed("j1", "OOMKilled", {"oom"})});
  ASSERT_TRUE(b.failed());
  EXPECT_THAT(b.failure(), HasSubstr("only categories [oom] (Armada v0.20.37 to v0.20.40): "
                                     "expect `categories` instead"));
}

TEST(EventAssertionsTest, ExtraActualCategoryFails) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({ExpectFailed({"a", "b"})}, jobs_of_a);
  Feed(a, {Failed("j1", "", {"c", "b", "a"})});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("expected categories [a, b] but got [a, b, c]"));
}

TEST(EventAssertionsTest, NoExpectedCategoriesAcceptsAny) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({ExpectFailed({})}, jobs_of_a);
  Feed(a, {Failed("j1", "", {"oom"})});
  EXPECT_TRUE(a.complete());
}

TEST(EventAssertionsTest, ReasonIsAnUnanchoredRegex) {
  JobTable jobs_of_a(std::vector<std::string>{"j1", "j2"});
  auto a = Make({ExpectFailed({}, "exit code [0-9]+")}, jobs_of_a);
  Feed(a, {Failed("j1", "container main: exit code 137, OOMKilled")});
  EXPECT_FALSE(a.failed());
  Feed(a, {Failed("j2", "evicted")});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(),
              AllOf(HasSubstr("job j2"), HasSubstr("\"evicted\" does not match regex")));
}

TEST(EventAssertionsTest, InvalidRegexIsRejectedUpFront) {
  auto compiled = ExpectedEvents::Compile({ExpectFailed({}, "(unclosed")});
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(compiled.status().message(), HasSubstr("invalid regex"));
}

TEST(EventAssertionsTest, FailureCategoryAndSubcategoryExact) {
  api::EventMessage want = ExpectFailed({});
  want.mutable_failed()->set_failure_category("oom");
  want.mutable_failed()->set_failure_subcategory("tmpfs");
  JobTable jobs_of_a(std::vector<std::string>{"j1", "j2"});
  auto a = Make({want}, jobs_of_a);
  api::EventMessage good = Failed("j1");
  good.mutable_failed()->set_failure_category("oom");
  good.mutable_failed()->set_failure_subcategory("tmpfs");
  Feed(a, {good});
  EXPECT_FALSE(a.failed());
  api::EventMessage bad = Failed("j2");
  bad.mutable_failed()->set_failure_category("oom");
  bad.mutable_failed()->set_failure_subcategory("heap");
  Feed(a, {bad});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("expected failureSubcategory \"tmpfs\" but got \"heap\""));
}

// As Armada's runner since v0.22.5 (eventwatcher/validators.go@v0.22.7):
// a failed event meeting an expected `failed` has its retryable compared.
TEST(EventAssertionsTest, ExpectedFailedFailsOnARetryableFailure) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({Submitted(""), ExpectFailed({"oom"})}, jobs_of_a);
  Feed(a, {Submitted("j1"), Running("j1"), Failed("j1", "first run", {"oom"}, true)});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("expected retryable false but got true"));
  EXPECT_EQ(a.failure_kind(), report::FailureKind::kRetryable);
}

TEST(EventAssertionsTest, RetryableFailureWhileAnotherKindIsExpectedIsPassedOver) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({Submitted(""), Running(""), Succeeded("")}, jobs_of_a);
  Feed(a, {Submitted("j1"), Failed("j1", "node lost", {}, true), Running("j1"), Succeeded("j1")});
  EXPECT_FALSE(a.failed()) << a.failure();
  EXPECT_TRUE(a.complete());
}

TEST(EventAssertionsTest, ExpectedRetryableFailsOnATerminalFailure) {
  api::EventMessage want = ExpectFailed({});
  want.mutable_failed()->set_retryable(true);
  JobTable jobs_of_a(std::vector<std::string>{"j1", "j2"});
  auto a = Make({want, Succeeded("")}, jobs_of_a);
  Feed(a, {Failed("j1", "", {}, true), Succeeded("j1")});
  EXPECT_FALSE(a.failed());
  Feed(a, {Failed("j2", "for good")});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("job j2: expected retryable true but got false"));
}

TEST(EventAssertionsTest, EarlyTerminalEventFailsAtOnce) {
  JobTable jobs_of_a(std::vector<std::string>{"j1", "j2"});
  auto a = Make({Submitted(""), Succeeded("")}, jobs_of_a);
  Feed(a, {Submitted("j1"), Running("j1"), Failed("j1", "exit code 1", {"user_error"})});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), AllOf(HasSubstr("job j1"), HasSubstr("ended with failed"),
                                 HasSubstr("while expecting succeeded"),
                                 HasSubstr("received [submitted, running, failed]")));
}

TEST(EventAssertionsTest, CancelledBeforeExpectedFails) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({Submitted(""), Running("")}, jobs_of_a);
  Feed(a, {Submitted("j1"), Cancelled("j1")});
  ASSERT_TRUE(a.failed());
  EXPECT_THAT(a.failure(), HasSubstr("ended with cancelled while expecting running"));
}

TEST(EventAssertionsTest, DescribeMissingGroupsJobsByReceivedEvents) {
  JobTable jobs_of_a(std::vector<std::string>{"a", "b", "c", "d"});
  auto a = Make({Submitted(""), Running(""), Succeeded("")}, jobs_of_a);
  Feed(a, {Submitted("a"), Submitted("b"), Submitted("c"), Queued("a"), Queued("b"), Running("c")});
  const std::string missing = a.DescribeMissing();
  EXPECT_THAT(missing, HasSubstr("2 job(s) [a, b] received [submitted, queued] and are missing "
                                 "[running, succeeded]"));
  EXPECT_THAT(missing, HasSubstr("1 job(s) [c] received [submitted, running] and are missing "
                                 "[succeeded]"));
  EXPECT_THAT(missing, HasSubstr("1 job(s) [d] received [] and are missing [submitted, running, "
                                 "succeeded]"));
}

TEST(EventAssertionsTest, NoExpectedEventsIsComplete) {
  JobTable jobs_of_a(std::vector<std::string>{"j1"});
  auto a = Make({}, jobs_of_a);
  EXPECT_TRUE(a.complete());
}

}  // namespace
}  // namespace armada::runner
