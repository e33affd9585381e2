#include "common/quantity.h"

#include <gtest/gtest.h>

namespace armada {
namespace {

int64_t Bytes(const char* text) {
  auto q = Quantity::Parse(text);
  EXPECT_TRUE(q.ok()) << text << ": " << q.status().message();
  return q.ok() ? q->Value() : -1;
}

TEST(QuantityTest, BinarySuffixes) {
  EXPECT_EQ(Bytes("25Mi"), 25 * 1024 * 1024);
  EXPECT_EQ(Bytes("1Gi"), 1LL << 30);
  EXPECT_EQ(Bytes("1.5Ki"), 1536);
  EXPECT_EQ(Bytes("2Ei"), 2LL << 60);
}

TEST(QuantityTest, DecimalSuffixesAndExponents) {
  EXPECT_EQ(Bytes("2"), 2);
  EXPECT_EQ(Bytes("500M"), 500000000);
  EXPECT_EQ(Bytes("1k"), 1000);
  EXPECT_EQ(Bytes("1e3"), 1000);
  EXPECT_EQ(Bytes("1E3"), 1000);
  EXPECT_EQ(Bytes("3E"), 3000000000000000000LL);
  EXPECT_EQ(Quantity::Parse("100m")->MilliValue(), 100);
  EXPECT_EQ(Quantity::Parse("100m")->Value(), 1);  // rounds up, as Kubernetes does
  EXPECT_EQ(Quantity::Parse("0.5")->MilliValue(), 500);
  EXPECT_EQ(Quantity::Parse("-1")->Value(), -1);
}

TEST(QuantityTest, RejectsBadText) {
  for (const char* bad : {"", "Mi", "25MB", "1..2", "abc", "12 Mi", "1e", "1ex", "--1"}) {
    auto q = Quantity::Parse(bad);
    EXPECT_FALSE(q.ok()) << bad;
    if (!q.ok()) {
      EXPECT_NE(q.status().message().find("invalid quantity"), std::string::npos);
    }
  }
}

TEST(QuantityTest, RejectsExponentsOutOfRangeHoweverLong) {
  // 4294967299 wraps to 3 in a 32-bit int; it must not be read as 1e3.
  for (const char* bad :
       {"1e19", "1e-10", "1e4294967299", "1e99999999999999999999", "1e-4294967297"}) {
    auto q = Quantity::Parse(bad);
    EXPECT_FALSE(q.ok()) << bad << " read as " << (q.ok() ? q->Amount() : 0);
    if (!q.ok()) {
      EXPECT_NE(q.status().message().find("exponent out of range"), std::string::npos);
    }
  }
  EXPECT_EQ(Bytes("1e18"), 1000000000000000000LL);
  EXPECT_EQ(Bytes("1e+0003"), 1000);
  EXPECT_NEAR(static_cast<double>(Quantity::Parse("5e-9")->Amount()), 5e-9, 1e-20);
}

TEST(HumanBytes, UsesTheLargestBinaryUnitBelowTheAmount) {
  EXPECT_EQ(HumanBytes(0), "0");
  EXPECT_EQ(HumanBytes(1023), "1023");
  EXPECT_EQ(HumanBytes(1024), "1.0Ki");
  EXPECT_EQ(HumanBytes(25 * 1024 * 1024), "25.0Mi");
  EXPECT_EQ(HumanBytes(int64_t{47} << 29), "23.5Gi");
  EXPECT_EQ(HumanBytes(int64_t{4} << 60), "4.0Ei");
}

}  // namespace
}  // namespace armada
