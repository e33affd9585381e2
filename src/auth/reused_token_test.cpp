#include "auth/reused_token.h"

#include <gtest/gtest.h>

namespace armada::auth {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(ReusedTokenTest, KeepsATokenUntilItsExpiryDeltaThenFetchesWithThePreviousOne) {
  int fetches = 0;
  std::optional<Token> seen_previous;
  ReusedToken reused([&](const std::optional<Token>& previous) -> StatusOr<Token> {
    seen_previous = previous;
    ++fetches;
    Token token;
    token.access_token = "t" + std::to_string(fetches);
    token.refresh_token = "r" + std::to_string(fetches);
    // The first expires within oauth2's 10 s delta, the second in an hour.
    token.expiry = system_clock::now() + (fetches == 1 ? seconds(5) : seconds(3600));
    return token;
  });
  EXPECT_EQ(reused.Get()->access_token, "t1");
  EXPECT_FALSE(seen_previous.has_value());
  EXPECT_EQ(reused.Get()->access_token, "t2");
  ASSERT_TRUE(seen_previous.has_value());
  EXPECT_EQ(seen_previous->refresh_token, "r1");
  EXPECT_EQ(reused.Get()->access_token, "t2");
  EXPECT_EQ(fetches, 2);
}

TEST(ReusedTokenTest, ATokenWithoutExpiryIsKept) {
  int fetches = 0;
  ReusedToken reused([&](const std::optional<Token>&) -> StatusOr<Token> {
    ++fetches;
    return Token{"forever", "", std::nullopt};
  });
  reused.Get();
  reused.Get();
  EXPECT_EQ(fetches, 1);
}

TEST(ReusedTokenTest, AFailedFetchIsReturnedAndTriedAgainNextTime) {
  int fetches = 0;
  ReusedToken reused([&](const std::optional<Token>&) -> StatusOr<Token> {
    if (++fetches == 1) return Status::Error("provider down");
    return Token{"ok", "", std::nullopt};
  });
  auto first = reused.Get();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().message(), "provider down");
  EXPECT_EQ(reused.Get()->access_token, "ok");
}

}  // namespace
}  // namespace armada::auth
