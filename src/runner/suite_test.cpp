#include "runner/suite.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "runner/fake_armada.h"

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

}  // namespace
}  // namespace armada::runner
