#include "testcase/duration.h"

#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

// The parsed duration in nanoseconds, or -1 on failure.
int64_t Nanos(const char* text) {
  auto d = ParseGoDuration(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().message();
  return d.ok() ? d->seconds() * 1000000000 + d->nanos() : -1;
}

TEST(DurationTest, ParsesGoUnits) {
  EXPECT_EQ(Nanos("300s"), 300'000'000'000);
  EXPECT_EQ(Nanos("1m30s"), 90'000'000'000);
  EXPECT_EQ(Nanos("100ms"), 100'000'000);
  EXPECT_EQ(Nanos("1h"), 3600'000'000'000);
  EXPECT_EQ(Nanos("1.5s"), 1'500'000'000);
  EXPECT_EQ(Nanos("2us"), 2'000);
  EXPECT_EQ(Nanos("2\xc2\xb5s"), 2'000);  // µs
  EXPECT_EQ(Nanos("7ns"), 7);
  EXPECT_EQ(Nanos("1h2m3s4ms"), 3723'004'000'000);
  EXPECT_EQ(Nanos(".5m"), 30'000'000'000);
  EXPECT_EQ(Nanos("5.s"), 5'000'000'000);
  EXPECT_EQ(Nanos("0"), 0);
  EXPECT_EQ(Nanos("+10s"), 10'000'000'000);
}

TEST(DurationTest, NegativeDurationsKeepOneSign) {
  auto d = ParseGoDuration("-1.5s");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->seconds(), -1);
  EXPECT_EQ(d->nanos(), -500'000'000);
}

TEST(DurationTest, RejectsMalformedText) {
  for (const char* bad : {"", "300", "s", "1x", "1.5", "-", "1s2", "..5s", "1 s", "3 m"}) {
    auto d = ParseGoDuration(bad);
    EXPECT_FALSE(d.ok()) << "accepted \"" << bad << "\"";
  }
  EXPECT_NE(ParseGoDuration("10d").status().message().find("unknown unit \"d\""),
            std::string::npos);
  EXPECT_NE(ParseGoDuration("100").status().message().find("unit is missing"), std::string::npos);
}

TEST(DurationTest, RejectsOverflowBeyondGoRange) {
  EXPECT_TRUE(ParseGoDuration("2562047h").ok());
  EXPECT_FALSE(ParseGoDuration("2562048h").ok());
  EXPECT_FALSE(ParseGoDuration("99999999999999999999s").ok());
  EXPECT_TRUE(ParseGoDuration("-9223372036854775808ns").ok());
  EXPECT_FALSE(ParseGoDuration("9223372036854775808ns").ok());
}

TEST(DurationTest, FormatReadsBackExactly) {
  for (const char* text : {"0s", "90s", "0.1s", "1.000000001s", "-2.5s", "3600s"}) {
    auto d = ParseGoDuration(text);
    ASSERT_TRUE(d.ok()) << text;
    EXPECT_EQ(FormatGoDuration(*d), text);
  }
  auto d = ParseGoDuration("1m30s");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatGoDuration(*d), "90s");
}

}  // namespace
}  // namespace armada::testcase
