#include "report/merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "report/junit.h"

namespace armada::report {
namespace {

using ::testing::HasSubstr;

TestResult Result(const std::string& name, Outcome outcome) {
  TestResult r;
  r.name = name;
  r.outcome = outcome;
  r.message = outcome == Outcome::kPassed ? "" : "why";
  r.elapsed_seconds = 1;
  return r;
}

pugi::xml_document Parse(const std::string& text) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(text.c_str()));
  return doc;
}

TEST(MergeTest, ShardsOfOneSuiteMergeIntoTheUnshardedRunsCounts) {
  const std::vector<TestResult> all = {
      Result("a", Outcome::kPassed), Result("b", Outcome::kFailed), Result("c", Outcome::kError),
      Result("d", Outcome::kInterrupted), Result("e", Outcome::kFlaky)};
  const std::string one = RenderJUnit({all[0], all[2]}, 2, "cases/*.yaml");
  const std::string two = RenderJUnit({all[1], all[3], all[4]}, 3, "cases/*.yaml");
  auto merged = MergeJUnit({{"1.xml", one}, {"2.xml", two}});
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  const pugi::xml_document doc = Parse(*merged);
  const pugi::xml_document unsharded = Parse(RenderJUnit(all, 5, "cases/*.yaml"));
  for (const char* count : {"tests", "failures", "errors", "skipped"}) {
    EXPECT_EQ(doc.child("testsuites").attribute(count).as_int(),
              unsharded.child("testsuites").attribute(count).as_int())
        << count;
    EXPECT_EQ(doc.child("testsuites").child("testsuite").attribute(count).as_int(),
              unsharded.child("testsuites").child("testsuite").attribute(count).as_int())
        << count;
  }
  EXPECT_EQ(doc.child("testsuites").attribute("time").as_double(), 5);
  // One suite, its test cases in input order.
  std::string names;
  for (pugi::xml_node t : doc.child("testsuites").child("testsuite").children("testcase")) {
    names += t.attribute("name").value();
  }
  EXPECT_EQ(names, "acbde");
  EXPECT_FALSE(doc.child("testsuites").child("testsuite").next_sibling("testsuite"));
}

TEST(MergeTest, SuitesOfOtherNamesStayTheirOwn) {
  auto merged =
      MergeJUnit({{"old.xml", RenderJUnit({Result("a", Outcome::kPassed)}, 1, "old/*.yaml")},
                  {"new.xml", RenderJUnit({Result("a", Outcome::kFailed)}, 1, "new/*.yaml")}});
  ASSERT_TRUE(merged.ok());
  const pugi::xml_document doc = Parse(*merged);
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 2);
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 1);
  int suites = 0;
  for (pugi::xml_node s : doc.child("testsuites").children("testsuite")) {
    ++suites;
    EXPECT_EQ(s.attribute("tests").as_int(), 1);
  }
  EXPECT_EQ(suites, 2);
}

TEST(MergeTest, ABareTestsuiteIsReadAndOtherXmlRefused) {
  auto bare = MergeJUnit({{"b.xml",
                           "<testsuite name=\"s\" tests=\"1\"><testcase name=\"x\"><failure "
                           "message=\"m\"/></testcase></testsuite>"}});
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(Parse(*bare).child("testsuites").attribute("failures").as_int(), 1);
  auto other = MergeJUnit({{"o.xml", "<html/>"}});
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("o.xml: not a JUnit report: its root is <html>"));
  auto broken = MergeJUnit({{"x.xml", "<testsuites>"}});
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(), HasSubstr("x.xml: not XML"));
}

TEST(MergeTest, JsonReportsJoinInOrderWithSummedTimes) {
  JsonReport one, two;
  one.results = {Result("a", Outcome::kPassed)};
  one.total_seconds = 2;
  two.results = {Result("b", Outcome::kFailed), Result("c", Outcome::kFlaky)};
  two.total_seconds = 3;
  const JsonReport merged = MergeJsonReports({one, two});
  ASSERT_EQ(merged.results.size(), 3u);
  EXPECT_EQ(merged.results[2].name, "c");
  EXPECT_EQ(merged.total_seconds, 5);
}

}  // namespace
}  // namespace armada::report
