// Every run-time refusal of the runner (testcase/runnable.h) fed to both
// sides: `validate` (the loader) must refuse the YAML with a position and the
// runner's words, and the runner, given the same case unvalidated, must
// refuse it in those words before it sends anything to the server.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <functional>

#include "runner/run_test_case.h"
#include "runner/testing/fake_armada.h"
#include "testcase/loader.h"
#include "testcase/runnable.h"

namespace armada::runner {
namespace {

using google::protobuf::util::TimeUtil;
using testing::FakeArmada;
using ::testing::HasSubstr;

// Valid as it stands (numBatches and batchSize default to 1): five lines.
constexpr char kBase[] = R"(queue: q
jobs:
  - podSpec:
      containers:
        - name: c
)";

struct Row {
  std::string yaml;                              // the case as a file would hold it
  std::string path;                              // the field refused
  std::string at;                                // "LINE:COLUMN" validate points to
  std::function<void(api::TestSpec*)> break_it;  // the same mistake on a loaded case
};

std::vector<Row> Rows() {
  const std::string base = kBase;
  return {
      {"queue: q\nexpectedEvents:\n  - submitted:\n", "jobs", "1:1",
       [](api::TestSpec* s) { s->clear_jobs(); }},
      {base + "batchSize: 0\n", "batchSize", "6:12",
       [](api::TestSpec* s) { s->set_batch_size(0); }},
      {base + "numBatches: 0\n", "numBatches", "6:13",
       [](api::TestSpec* s) { s->set_num_batches(0); }},
      {base + "timeout: -1s\n", "timeout", "6:10",
       [](api::TestSpec* s) { *s->mutable_timeout() = TimeUtil::SecondsToDuration(-1); }},
      {base + "interval: -1s\n", "interval", "6:11",
       [](api::TestSpec* s) { *s->mutable_interval() = TimeUtil::SecondsToDuration(-1); }},
      {base + "cancel: {}\ntriggerEvent: runing\n", "triggerEvent", "7:15",
       [](api::TestSpec* s) {
         s->mutable_cancel();
         s->set_trigger_event("runing");
       }},
      {base + "cancel: {}\ntriggerEvent: leaseReturned\n", "triggerEvent", "7:15",
       [](api::TestSpec* s) {
         s->mutable_cancel();
         s->set_trigger_event("leaseReturned");
       }},
      {base + "expectedEvents:\n  - {}\n", "expectedEvents[0]", "7:5",
       [](api::TestSpec* s) { s->add_expected_events(); }},
      {base + "expectedEvents:\n  - failed: {reason: \"(\"}\n", "expectedEvents[0].failed.reason",
       "7:22",
       [](api::TestSpec* s) { s->add_expected_events()->mutable_failed()->set_reason("("); }},
  };
}

// One row per rule of runnable.h (triggerEvent has two: unknown, and known
// but not a trigger).
TEST(RefusalsTest, EveryRunTimeRefusalIsRefusedByValidateWithItsPositionAndTheRunnersWords) {
  auto base = testcase::ParseTestCase(kBase, "case.yaml");
  ASSERT_TRUE(base.ok()) << base.status().message();
  ASSERT_TRUE(testcase::RunTimeRefusals(*base).empty());

  for (const Row& row : Rows()) {
    SCOPED_TRACE(row.yaml);
    api::TestSpec broken = *base;
    row.break_it(&broken);
    const auto refusals = testcase::RunTimeRefusals(broken);
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_EQ(refusals[0].path, row.path);

    // validate: position, path and the same words.
    auto validated = testcase::ParseTestCase(row.yaml, "case.yaml");
    ASSERT_FALSE(validated.ok());
    EXPECT_EQ(validated.status().message(),
              "case.yaml:" + row.at + ": " + row.path + ": " + refusals[0].message);

    // test: an error (could not run) in the same words, and no call made.
    FakeArmada fake;
    Connection connection = fake.Connect();
    StopSignal stop;
    const report::TestResult result = RunTestCase(broken, "case.yaml", connection, stop, {}, {});
    EXPECT_EQ(result.outcome, report::Outcome::kError);
    EXPECT_THAT(result.message, HasSubstr(row.path + ": " + refusals[0].message));
    EXPECT_EQ(fake.SubmitCalls(), 0);
    EXPECT_TRUE(fake.Queues().empty());
  }
}

}  // namespace
}  // namespace armada::runner
