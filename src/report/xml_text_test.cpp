#include "report/xml_text.h"

#include <gtest/gtest.h>

namespace armada::report {
namespace {

TEST(XmlTextTest, LeavesMarkupToTheWriter) { EXPECT_EQ(XmlText("a<b>&\"c'"), "a<b>&\"c'"); }

TEST(XmlTextTest, KeepsWhitespaceAndUtf8) {
  EXPECT_EQ(XmlText("tab\tnl\ncr\r µs ✓"), "tab\tnl\ncr\r µs ✓");
}

TEST(XmlTextTest, DropsControlCharactersAndReplacesBadUtf8) {
  EXPECT_EQ(XmlText(std::string("a\x00"
                                "b\x1b"
                                "[0mc",
                                8)),
            "ab[0mc");
  EXPECT_EQ(XmlText("x\xffy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(XmlText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(XmlText("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
}

}  // namespace
}  // namespace armada::report
