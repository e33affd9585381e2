#include "report/failed_details.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::report {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FailedDetailsTest, ReadsEveryPartOfEitherGeneration) {
  const FailedDetails old =
      ParseFailedDetails("reason \"OOMKilled\", categories [oom, user_error]");
  EXPECT_EQ(old.reason, "OOMKilled");
  EXPECT_THAT(old.categories, ElementsAre("oom", "user_error"));
  EXPECT_EQ(old.failure_category, "");
  EXPECT_FALSE(old.retryable);
  const FailedDetails current = ParseFailedDetails(
      "reason \"exit 1\", failureCategory user_error, failureSubcategory exit_1, retryable");
  EXPECT_EQ(current.reason, "exit 1");
  EXPECT_THAT(current.categories, IsEmpty());
  EXPECT_EQ(current.failure_category, "user_error");
  EXPECT_EQ(current.failure_subcategory, "exit_1");
  EXPECT_TRUE(current.retryable);
}

TEST(FailedDetailsTest, AReasonMayHoldQuotesAndCommas) {
  const FailedDetails details =
      ParseFailedDetails("reason \"said \"no\", then failureCategory x\", failureCategory oom");
  EXPECT_EQ(details.reason, "said \"no\", then failureCategory x");
  EXPECT_EQ(details.failure_category, "oom");
  EXPECT_EQ(ParseFailedDetails("retryable").retryable, true);
  EXPECT_EQ(ParseFailedDetails("").reason, "");
}

}  // namespace
}  // namespace armada::report
