// Plain integers read as go-yaml v2 reads them (YAML 1.1 and Go's strconv).
#include "testcase/yaml_integer.h"

#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

// The decimal text of text read as an integer, or "-" when it is none.
std::string Read(std::string_view text) {
  const std::optional<YamlInteger> integer = ParseYamlInteger(text);
  if (!integer) return "-";
  return integer->overflow ? "overflow" : integer->DecimalText();
}

TEST(YamlIntegerTest, DecimalAndSigns) {
  EXPECT_EQ(Read("0"), "0");
  EXPECT_EQ(Read("42"), "42");
  EXPECT_EQ(Read("+42"), "42");
  EXPECT_EQ(Read("-42"), "-42");
  EXPECT_EQ(Read("-0"), "0");
  EXPECT_EQ(Read("1_000"), "1000");
}

TEST(YamlIntegerTest, LeadingZeroIsOctalAsInYaml11) {
  EXPECT_EQ(Read("012"), "10");
  EXPECT_EQ(Read("-012"), "-10");
  EXPECT_EQ(Read("00"), "0");
  EXPECT_EQ(Read("0_12"), "10");
  // Not octal digits: go-yaml falls back to the decimal float.
  EXPECT_EQ(Read("09"), "9");
  EXPECT_EQ(Read("0189"), "189");
}

TEST(YamlIntegerTest, PrefixedBases) {
  EXPECT_EQ(Read("0o12"), "10");
  EXPECT_EQ(Read("0O12"), "10");
  EXPECT_EQ(Read("0x1A"), "26");
  EXPECT_EQ(Read("0X1a"), "26");
  EXPECT_EQ(Read("-0x1A"), "-26");
  EXPECT_EQ(Read("0b101"), "5");
  EXPECT_EQ(Read("0xFFFFFFFFFFFFFFFF"), "18446744073709551615");
}

TEST(YamlIntegerTest, NotIntegers) {
  for (const char* text : {"", "-", "+", "_1", "0x", "0o", "0b", "0o8", "0b2", "0x1G", "1.5", "1e3",
                           "12abc", "2024-01-02", "a1", " 1"}) {
    EXPECT_EQ(Read(text), "-") << text;
  }
}

TEST(YamlIntegerTest, BeyondSixtyFourBits) {
  EXPECT_EQ(Read("18446744073709551616"), "overflow");
  EXPECT_EQ(Read("0x10000000000000000"), "overflow");
  const std::optional<YamlInteger> most_negative = ParseYamlInteger("-9223372036854775808");
  ASSERT_TRUE(most_negative);
  EXPECT_EQ(most_negative->value(), -9223372036854775808.0L);
}

}  // namespace
}  // namespace armada::testcase
