#include "report/xml_escape.h"

#include <gtest/gtest.h>

namespace armada::report {
namespace {

TEST(XmlEscapeTest, EscapesMarkup) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
}

TEST(XmlEscapeTest, KeepsWhitespaceAndUtf8) {
  EXPECT_EQ(XmlEscape("tab\tnl\ncr\r µs ✓"), "tab\tnl\ncr\r µs ✓");
}

TEST(XmlEscapeTest, DropsControlCharactersAndReplacesBadUtf8) {
  EXPECT_EQ(XmlEscape(std::string("a\x00"
                                  "b\x1b"
                                  "[0mc",
                                  8)),
            "ab[0mc");
  EXPECT_EQ(XmlEscape("x\xffy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(XmlEscape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(XmlEscape("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
}

}  // namespace
}  // namespace armada::report
