#include "testcase/diagnostics.h"

#include <gtest/gtest.h>

namespace armada::testcase {
namespace {

TEST(ErrorListTest, FormatsInFileOrder) {
  ErrorList errors;
  errors.Add({7, 3}, "jobs[0].priority", "expected a number");
  errors.Add({2, 1}, "", "YAML syntax error: x");
  errors.Add({7, 1}, "queue", "expected a string");
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors.Format("t.yaml"),
            "t.yaml:2:1: YAML syntax error: x\n"
            "t.yaml:7:1: queue: expected a string\n"
            "t.yaml:7:3: jobs[0].priority: expected a number");
}

TEST(ErrorListTest, FindsErrorsUnderAPath) {
  ErrorList errors;
  errors.Add({1, 1}, "jobs[0].priority", "x");
  errors.Add({2, 1}, "batchSize", "y");
  EXPECT_TRUE(errors.HasErrorUnder("jobs"));
  EXPECT_TRUE(errors.HasErrorUnder("jobs[0]"));
  EXPECT_TRUE(errors.HasErrorUnder("batchSize"));
  EXPECT_FALSE(errors.HasErrorUnder("batch"));
  EXPECT_FALSE(errors.HasErrorUnder("numBatches"));

  // A path that merely starts with the same text is not under it, even when
  // it sorts between the paths that are.
  ErrorList siblings;
  siblings.Add({1, 1}, "expectedEvents[10]", "x");
  siblings.Add({1, 1}, "jobsX.a", "x");
  EXPECT_FALSE(siblings.HasErrorUnder("expectedEvents[1]"));
  EXPECT_TRUE(siblings.HasErrorUnder("expectedEvents"));
  EXPECT_FALSE(siblings.HasErrorUnder("jobs"));
  siblings.Add({1, 1}, "jobs[2]", "x");
  EXPECT_TRUE(siblings.HasErrorUnder("jobs"));
}

TEST(ErrorListTest, KeepsEachErrorOnOneLine) {
  ErrorList errors;
  errors.Add({1, 1}, "labels[\"a\nb\"]", "got the string \"x\r\ny\"");
  EXPECT_EQ(errors.Format("t.yaml"), "t.yaml:1:1: labels[\"a\\nb\"]: got the string \"x\\r\\ny\"");
}

TEST(SourceMapTest, FirstRecordWins) {
  SourceMap map;
  map.Record("queue", {1, 1}, {1, 8});
  map.Record("queue", {5, 1}, {5, 8});
  EXPECT_EQ(map.ValueOf("queue")->line, 1);
  EXPECT_EQ(map.KeyOf("queue")->column, 1);
  EXPECT_EQ(map.ValueOf("queue")->column, 8);
  EXPECT_FALSE(map.ValueOf("jobs").has_value());
}

}  // namespace
}  // namespace armada::testcase
