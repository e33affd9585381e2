#include "runner/suite.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using testing::FakeArmada;

// Records what each test's start said about it.
class StartRecorder : public SuiteObserver {
 public:
  void OnStarted(const std::string& test, const JobCounts& planned) override {
    std::lock_guard<std::mutex> lock(mu_);
    planned_[test] = planned;
  }
  void OnProgress(const std::string&, const JobCounts&) override {}
  void OnFinished(const report::TestResult&) override {}

  JobCounts planned(const std::string& test) {
    std::lock_guard<std::mutex> lock(mu_);
    return planned_[test];
  }

 private:
  std::mutex mu_;
  std::map<std::string, JobCounts> planned_;
};

TEST(SuiteTest, StartTellsThePlannedJobCount) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  api::TestSpec spec;
  spec.set_name("case");
  spec.set_queue("q");
  spec.set_job_set_id("set");
  spec.set_num_batches(2);
  spec.set_batch_size(3);
  spec.add_jobs()->set_namespace_("a");
  spec.add_jobs()->set_namespace_("b");
  *spec.mutable_timeout() = google::protobuf::util::TimeUtil::MillisecondsToDuration(200);
  StopSignal stop;
  StartRecorder recorder;
  RunSuite({SuiteCase{spec, "case.yaml"}}, connection, SuiteOptions(), stop, &recorder);
  const JobCounts planned = recorder.planned("case");
  EXPECT_EQ(planned.total, 12u);
  EXPECT_EQ(planned.submitted, 0u);
}

TEST(SuiteTest, AnExceptionInATestIsItsErrorAndTheOthersRun) {
  FakeArmada fake;
  // Both tests' jobs (the fake numbers them by submission) are leased.
  for (const char* job : {"job-0-0", "job-1-0"}) {
    api::EventMessage e;
    e.mutable_leased()->set_job_id(job);
    fake.AppendEvent(e);
  }
  Connection connection = fake.Connect();
  api::TestSpec throws;
  throws.set_name("throws");
  throws.set_queue("q");
  throws.set_job_set_id("set");
  throws.set_num_batches(1);
  throws.set_batch_size(1);
  throws.add_jobs()->set_namespace_("a");
  *throws.mutable_timeout() = google::protobuf::util::TimeUtil::SecondsToDuration(10);
  throws.set_trigger_event("leased");
  throws.mutable_cancel_on_node()->set_node_pool_tag("node-ops");
  throws.add_expected_events()->mutable_leased();
  api::TestSpec plain = throws;
  plain.set_name("plain");
  plain.clear_cancel_on_node();
  plain.clear_trigger_event();
  SuiteOptions options;
  options.environment.find_node = [](const std::string&) -> StatusOr<std::string> {
    throw std::bad_alloc();
  };
  std::vector<size_t> ended;
  std::mutex mu;
  options.on_result = [&](size_t index, const report::TestResult&) {
    std::lock_guard<std::mutex> lock(mu);
    ended.push_back(index);
  };
  StopSignal stop;
  const auto results = RunSuite({SuiteCase{throws, "throws.yaml"}, SuiteCase{plain, "plain.yaml"}},
                                connection, options, stop, nullptr);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, report::Outcome::kError);
  EXPECT_THAT(results[0].message, ::testing::HasSubstr("fatal error while running the test"));
  EXPECT_THAT(results[0].message, ::testing::HasSubstr("bad_alloc"));
  EXPECT_EQ(results[1].outcome, report::Outcome::kPassed) << results[1].message;
  EXPECT_THAT(ended, ::testing::UnorderedElementsAre(0u, 1u));
}

// Records when each test started and ended, in one sequence.
class SpanRecorder : public SuiteObserver {
 public:
  void OnStarted(const std::string& test, const JobCounts&) override { Add("start " + test); }
  void OnProgress(const std::string&, const JobCounts&) override {}
  void OnFinished(const report::TestResult& result) override { Add("end " + result.name); }

  // Where `entry` is in the sequence, or -1.
  int At(const std::string& entry) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i] == entry) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  void Add(const std::string& entry) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.push_back(entry);
  }
  std::mutex mu_;
  std::vector<std::string> entries_;
};

TEST(SuiteTest, NodeActionsOnOneNodePoolRunOneAfterAnother) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  // No event ever comes: each test runs until its timeout.
  api::TestSpec cancel;
  cancel.set_name("cancel");
  cancel.set_queue("q");
  cancel.set_job_set_id("set");
  cancel.set_num_batches(1);
  cancel.set_batch_size(1);
  cancel.add_jobs()->set_namespace_("a");
  *cancel.mutable_timeout() = google::protobuf::util::TimeUtil::MillisecondsToDuration(300);
  cancel.set_trigger_event("leased");
  cancel.mutable_cancel_on_node()->set_node_pool_tag("node-ops");
  cancel.add_expected_events()->mutable_leased();
  api::TestSpec preempt = cancel;
  preempt.set_name("preempt");
  preempt.clear_cancel_on_node();
  preempt.mutable_preempt_on_node()->set_node_pool_tag("node-ops");
  api::TestSpec other_pool = cancel;
  other_pool.set_name("other-pool");
  other_pool.mutable_cancel_on_node()->set_node_pool_tag("gpu");
  api::TestSpec plain = cancel;
  plain.set_name("plain");
  plain.clear_cancel_on_node();
  plain.clear_trigger_event();
  SuiteOptions options;
  options.environment.find_node = [](const std::string& tag) -> StatusOr<std::string> {
    return tag + "-node";
  };
  StopSignal stop;
  SpanRecorder spans;
  const auto results = RunSuite({SuiteCase{cancel, "cancel.yaml"}, SuiteCase{preempt, "p.yaml"},
                                 SuiteCase{other_pool, "o.yaml"}, SuiteCase{plain, "plain.yaml"}},
                                connection, options, stop, &spans);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& result : results) {
    EXPECT_EQ(result.outcome, report::Outcome::kFailed) << result.name << " timed out";
  }
  const int first_end = std::min(spans.At("end cancel"), spans.At("end preempt"));
  EXPECT_GT(std::max(spans.At("start cancel"), spans.At("start preempt")), first_end)
      << "the two node-ops tests overlapped";
  // The others do not wait for them.
  EXPECT_LT(spans.At("start other-pool"), first_end);
  EXPECT_LT(spans.At("start plain"), first_end);
}

}  // namespace
}  // namespace armada::runner
