// Which bytes a test case file may hold, and where the first bad one is.
#include "testcase/source_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

using ::testing::HasSubstr;

TEST(SourceTextTest, AcceptsUtf8TextWithTabsLineEndsAndAByteOrderMark) {
  EXPECT_FALSE(FindInvalidText(""));
  EXPECT_FALSE(FindInvalidText("\xEF\xBB\xBFqueue: q\r\n\targs: [\"\xC3\xA9\xE2\x82\xAC\"]\n"));
  EXPECT_FALSE(FindInvalidText("emoji: \xF0\x9F\x98\x80\nnel: \xC2\x85\n"));
}

TEST(SourceTextTest, PointsAtTheFirstByteThatIsNotUtf8) {
  const std::string cases[] = {
      "queue: \xFF\n",              // never a UTF-8 byte
      "queue: \xC3(\n",             // lead byte without its continuation
      "queue: \xC0\xAF\n",          // overlong '/'
      "queue: \xED\xA0\x80\n",      // UTF-16 surrogate
      "queue: \xF4\x90\x80\x80\n",  // past U+10FFFF
      "queue: \xE2\x82",            // cut off at the end of the file
  };
  for (const std::string& text : cases) {
    std::optional<TextError> error = FindInvalidText("a: 1\n" + text);
    ASSERT_TRUE(error) << text;
    EXPECT_EQ(error->position.line, 2) << text;
    EXPECT_EQ(error->position.column, 8) << text;
    EXPECT_THAT(error->message, HasSubstr("is not UTF-8")) << text;
  }
}

TEST(SourceTextTest, RefusesControlCharactersAndNulBytes) {
  std::optional<TextError> bell = FindInvalidText("a: 1\nb: \xC3\xA9\x07\n");
  ASSERT_TRUE(bell);
  EXPECT_EQ(bell->position.line, 2);
  EXPECT_EQ(bell->position.column, 6);  // columns count bytes, as yaml-cpp's do
  EXPECT_THAT(bell->message, HasSubstr("control character U+0007"));

  std::optional<TextError> c1 = FindInvalidText("b: \xC2\x9B\n");
  ASSERT_TRUE(c1);
  EXPECT_THAT(c1->message, HasSubstr("U+009B"));

  std::optional<TextError> nul = FindInvalidText(std::string("a\0b", 3));
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->position.column, 2);
  EXPECT_THAT(nul->message, HasSubstr("NUL byte"));

  // UTF-16 text starts with a byte order mark that is not UTF-8.
  std::optional<TextError> utf16 = FindInvalidText(std::string("\xFF\xFEq\0", 4));
  ASSERT_TRUE(utf16);
  EXPECT_EQ(utf16->position.column, 1);
}

}  // namespace
}  // namespace armada::testcase
