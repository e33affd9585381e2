#include "runner/timeline_recorder.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "runner/testing/events.h"

namespace armada::runner {
namespace {

using ::testing::HasSubstr;

// Routes spdlog's default logger into a string for one test, at debug (-v).
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>(
        "captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

// -v's line for an event is stamped with the time the server created it,
// not the time it arrived (a resumed stream delivers old events late).
TEST(TimelineRecorderTest, AVerboseEventLineCarriesTheServersEventTime) {
  CapturedLog captured;
  TestLog log("case");
  JobTable jobs(std::vector<std::string>{"job-a"});
  TimelineRecorder recorder(log, jobs);
  api::EventMessage event = testing::Succeeded("job-a");
  google::protobuf::Timestamp created;
  ASSERT_TRUE(google::protobuf::util::TimeUtil::FromString("2026-01-02T03:04:05.678Z", &created));
  *event.mutable_succeeded()->mutable_created() = created;
  recorder.OnEvent(event, std::chrono::system_clock::now());
  EXPECT_THAT(captured.text(), HasSubstr("2026-01-02 03:04:05.678 case: job job-a succeeded"));
  const auto timelines = recorder.TakeTimelines();
  ASSERT_EQ(timelines.size(), 1u);
  EXPECT_EQ(report::FormatWallTime(timelines[0].events[0].at_us), "2026-01-02T03:04:05.678Z");
}

TEST(TimelineRecorderTest, JobsSubmittedLaterKeepTheirBatchTimeAndNumbers) {
  TestLog log("case");
  JobTable jobs;
  TimelineRecorder recorder(log, jobs);
  const auto sent = std::chrono::system_clock::now();
  jobs.Intern("job-1");
  recorder.OnSubmitted(jobs, 0, 1, sent);
  recorder.OnEvent(testing::Succeeded("job-1"), sent);
  const auto timelines = recorder.TakeTimelines();
  ASSERT_EQ(timelines.size(), 1u);
  EXPECT_EQ(timelines[0].job_id, "job-1");
  EXPECT_EQ(timelines[0].submitted_us, report::ToMicros(sent));
}

}  // namespace
}  // namespace armada::runner
