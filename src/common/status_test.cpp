#include "common/status.h"

#include <gtest/gtest.h>

namespace armada {
namespace {

TEST(Status, DefaultIsOkWithoutMessageOrReason) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.reason(), "");
  EXPECT_TRUE(s.metadata().empty());
}

TEST(Status, ErrorWithoutACodeIsUnknown) {
  const Status s = Status::Error("disk full");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnknown);
  EXPECT_EQ(s.message(), "disk full");
}

TEST(Status, CodesAreGrpcsNumbers) {
  EXPECT_EQ(static_cast<int>(Status::InvalidArgument("x").code()), 3);
  EXPECT_EQ(static_cast<int>(Status::NotFound("x").code()), 5);
  EXPECT_EQ(static_cast<int>(Status::AlreadyExists("x").code()), 6);
  EXPECT_EQ(static_cast<int>(Status::FailedPrecondition("x").code()), 9);
  EXPECT_EQ(static_cast<int>(Status::Unavailable("x").code()), 14);
  EXPECT_EQ(static_cast<int>(StatusCode::kUnauthenticated), 16);
}

TEST(Status, WithReasonKeepsCodeAndMessageAndLeavesTheOriginalAlone) {
  const Status plain = Status::InvalidArgument("services: needs Kubernetes");
  const Status reasoned = plain.WithReason("NEEDS_KUBERNETES", {{"field", "services"}});
  EXPECT_EQ(reasoned.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reasoned.message(), "services: needs Kubernetes");
  EXPECT_EQ(reasoned.reason(), "NEEDS_KUBERNETES");
  EXPECT_EQ(reasoned.metadata().at("field"), "services");
  EXPECT_EQ(plain.reason(), "") << "a copy shares its failure, so it must never change";
}

TEST(StatusOr, ValueOrGivesTheFallbackOnlyOnFailure) {
  EXPECT_EQ(StatusOr<std::string>(std::string("text")).value_or("none"), "text");
  EXPECT_EQ(StatusOr<std::string>(Status::NotFound("gone")).value_or("none"), "none");
}

}  // namespace
}  // namespace armada
