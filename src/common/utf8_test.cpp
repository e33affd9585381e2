#include "common/utf8.h"

#include <gtest/gtest.h>

#include "api/event.pb.h"
#include "api/submit.pb.h"

namespace armada {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Utf8, ValidTextIsUnchanged) {
  for (const std::string text :
       {"", "plain", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_EQ(ValidUtf8(text), text);
  }
}

TEST(Utf8, EachMaximalInvalidSubpartBecomesOneReplacement) {
  const std::string r = kReplacement;
  EXPECT_EQ(ValidUtf8("a\xFF"
                      "b"),
            "a" + r + "b");                 // impossible byte
  EXPECT_EQ(ValidUtf8("\x80\x80"), r + r);  // stray continuations
  EXPECT_EQ(ValidUtf8("\xE2\x82"
                      "A"),
            r + "A");                                                // truncated, then ASCII
  EXPECT_EQ(ValidUtf8("end\xF0\x9F\x98"), "end" + r);                // truncated at the end
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), r + r);                           // overlong '/'
  EXPECT_EQ(ValidUtf8("\xE0\x80\xAF"), r + r + r);                   // overlong, 3 bytes
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), r + r + r);                   // a surrogate
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"), r + r + r + r);           // above U+10FFFF
  EXPECT_EQ(ValidUtf8("\xE2\x82\xE2\x82\xAC"), r + "\xE2\x82\xAC");  // valid after a broken one
}

TEST(Utf8, ResultIsAlwaysValid) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  for (int b = 255; b >= 0; --b) every_byte += static_cast<char>(b);
  EXPECT_FALSE(IsValidUtf8(every_byte));
  EXPECT_TRUE(IsValidUtf8(ValidUtf8(every_byte)));
}

TEST(Utf8, EveryStringFieldOfAMessageIsMadeValid) {
  const std::string bad = "oops \xFF\xFE";
  const std::string fixed = "oops " + kReplacement + kReplacement;
  api::EventMessage message;
  auto* failed = message.mutable_failed();
  failed->set_reason(bad);
  failed->add_container_statuses()->set_message(bad);
  failed->add_categories(bad);
  api::EventMessage readable;
  // A reader refuses what it cannot decode: this is what clients saw before.
  ASSERT_FALSE(readable.ParseFromString(message.SerializeAsString()));
  MakeStringsValidUtf8(&message);
  ASSERT_TRUE(readable.ParseFromString(message.SerializeAsString()));
  EXPECT_EQ(readable.failed().reason(), fixed);
  EXPECT_EQ(readable.failed().container_statuses(0).message(), fixed);
  EXPECT_EQ(readable.failed().categories(0), fixed);

  api::Job job;
  (*job.mutable_labels())[bad] = bad;
  MakeStringsValidUtf8(&job);
  api::Job parsed;
  ASSERT_TRUE(parsed.ParseFromString(job.SerializeAsString()));
  EXPECT_EQ(parsed.labels().at(fixed), fixed);
}

TEST(Utf8, FailedEventKeepsItsValidParts) {
  api::EventMessage message;
  message.mutable_failed()->set_reason("exit 1: \xFF");
  message.mutable_failed()->set_job_id("01abc");
  MakeStringsValidUtf8(&message);
  EXPECT_EQ(message.failed().reason(), "exit 1: " + kReplacement);
  EXPECT_EQ(message.failed().job_id(), "01abc");
}

}  // namespace
}  // namespace armada
