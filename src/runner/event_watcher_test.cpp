#include "runner/event_watcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "runner/testing/events.h"
#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace ::armada::runner::testing;

// Records the waits asked for instead of sleeping (the policy's delays are
// seconds long).
class RecordingSleeper : public Sleeper {
 public:
  bool Sleep(std::chrono::milliseconds d, const StopSignal& stop) override {
    std::lock_guard<std::mutex> lock(mu_);
    delays_.push_back(d.count());
    return stop.stopped();
  }
  std::vector<long> delays() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delays_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<long> delays_;
};

// The default policy (1, 2, 4, 8, 16 s), its waits recorded, not slept.
WatchOptions FastRetries(RecordingSleeper* sleeper = nullptr) {
  static RecordingSleeper shared;
  WatchOptions options;
  options.sleeper = sleeper != nullptr ? sleeper : &shared;
  return options;
}

// Runs a watcher on its own thread, collecting message ids, until `want`
// arrived (or a generous bound passed), then stops it.
struct Collected {
  std::vector<std::string> ids;
  Status status;
  bool ended = false;
};

Collected Collect(FakeArmada& fake, size_t want, WatchOptions options = FastRetries()) {
  Connection connection = fake.Connect();
  TestLog log("watcher-test");
  EventWatcher watcher(connection, "q", "set", log, options);
  std::mutex mu;
  Collected out;
  std::thread thread([&] {
    Status status = watcher.Run([&](const api::EventStreamMessage& message) {
      std::lock_guard<std::mutex> lock(mu);
      out.ids.push_back(message.id());
    });
    std::lock_guard<std::mutex> lock(mu);
    out.status = status;
    out.ended = true;
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < give_up) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (out.ids.size() >= want || out.ended) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  watcher.Stop();
  thread.join();
  return out;
}

TEST(EventWatcherTest, ReconnectsFromLastIdWithoutLossOrRepeat) {
  FakeArmada fake;
  for (int i = 0; i < 10; ++i) fake.AppendEvent(Submitted("job-" + std::to_string(i)));
  fake.BreakStreamsAfter({3, 4});
  const Collected got = Collect(fake, 10);
  EXPECT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_THAT(got.ids, ElementsAre("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"));
  EXPECT_THAT(fake.FromIds(), ElementsAre("", "3", "7"));
}

TEST(EventWatcherTest, EventsAppendedWhileWatchingArrive) {
  FakeArmada fake;
  fake.AppendEvent(Submitted("a"));
  std::thread later([&] {
    EXPECT_TRUE(fake.WaitForStreams(1, std::chrono::seconds(30)));
    fake.AppendEvent(Queued("a"));
    fake.AppendEvent(Running("a"));
  });
  const Collected got = Collect(fake, 3);
  later.join();
  EXPECT_THAT(got.ids, ElementsAre("1", "2", "3"));
}

TEST(EventWatcherTest, ServerThatResendsDoesNotDoubleCount) {
  FakeArmada fake;
  for (int i = 0; i < 6; ++i) fake.AppendEvent(Submitted("job-" + std::to_string(i)));
  fake.IgnoreFromMessageId();
  fake.BreakStreamsAfter({2, 4});
  const Collected got = Collect(fake, 6);
  EXPECT_THAT(got.ids, ElementsAre("1", "2", "3", "4", "5", "6"));
}

TEST(EventWatcherTest, EmptyMessageIdsLoseNoEvent) {
  FakeArmada fake;
  fake.SendEmptyIds();
  for (const char* job : {"a", "b", "c"}) fake.AppendEvent(Submitted(job));
  const Collected got = Collect(fake, 3);
  EXPECT_THAT(got.ids, ElementsAre("", "", ""));
}

TEST(EventWatcherTest, BacksOffAsArmadasRunnerThenReportsATransportFailure) {
  FakeArmada fake;
  fake.BreakStreamsAfter({0, 0, 0, 0, 0, 0, 0, 0});
  RecordingSleeper sleeper;
  const Collected got = Collect(fake, 1, FastRetries(&sleeper));
  ASSERT_FALSE(got.status.ok());
  EXPECT_THAT(got.status.message(), HasSubstr("transport failure after 6 attempts"));
  EXPECT_THAT(got.status.message(), HasSubstr("UNAVAILABLE: broken"));
  EXPECT_THAT(sleeper.delays(), ElementsAre(1000, 2000, 4000, 8000, 16000));
  EXPECT_EQ(fake.FromIds().size(), 6u);
}

TEST(EventWatcherTest, AStreamCutAfterEveryMessageResumesWithoutSleeping) {
  FakeArmada fake;
  for (int i = 0; i < 20; ++i) fake.AppendEvent(Submitted("job-" + std::to_string(i)));
  fake.BreakStreamsAfter(std::vector<int>(20, 1));
  RecordingSleeper sleeper;
  const Collected got = Collect(fake, 20, FastRetries(&sleeper));
  EXPECT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.ids.size(), 20u);
  EXPECT_THAT(sleeper.delays(), ElementsAre());
}

TEST(EventWatcherTest, ReceivingResetsTheBackoff) {
  FakeArmada fake;
  for (int i = 0; i < 3; ++i) fake.AppendEvent(Submitted("job-" + std::to_string(i)));
  // Two empty attempts, a delivering one, then two empty ones again: the
  // waits start over at 1s after the delivery.
  fake.BreakStreamsAfter({1, 0, 0, 1, 0, 0, 1});
  RecordingSleeper sleeper;
  const Collected got = Collect(fake, 3, FastRetries(&sleeper));
  EXPECT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.ids.size(), 3u);
  EXPECT_THAT(sleeper.delays(), ElementsAre(1000, 2000, 1000, 2000));
}

class TransientCodeTest
    : public ::testing::TestWithParam<std::pair<grpc::StatusCode, const char*>> {};

TEST_P(TransientCodeTest, IsRetriedWithBackoff) {
  FakeArmada fake;
  fake.AppendEvent(Submitted("a"));
  fake.BreakStreamsWith(GetParam().first, GetParam().second);
  fake.BreakStreamsAfter({0, 0});
  RecordingSleeper sleeper;
  const Collected got = Collect(fake, 1, FastRetries(&sleeper));
  EXPECT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_THAT(got.ids, ElementsAre("1"));
  EXPECT_THAT(sleeper.delays(), ElementsAre(1000, 2000));
}

INSTANTIATE_TEST_SUITE_P(
    Codes, TransientCodeTest,
    ::testing::Values(std::make_pair(grpc::StatusCode::UNAVAILABLE, "server shutting down"),
                      std::make_pair(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline"),
                      std::make_pair(grpc::StatusCode::RESOURCE_EXHAUSTED, "too many streams"),
                      std::make_pair(grpc::StatusCode::INTERNAL,
                                     "Received RST_STREAM with error code 2")));

class PermanentCodeTest : public ::testing::TestWithParam<grpc::StatusCode> {};

TEST_P(PermanentCodeTest, EndsAtOnceWithTheServersMessage) {
  FakeArmada fake;
  fake.AppendEvent(Submitted("a"));
  fake.BreakStreamsWith(GetParam(), "unknown message id 7");
  fake.BreakStreamsAfter({0, 0});
  RecordingSleeper sleeper;
  const Collected got = Collect(fake, 1, FastRetries(&sleeper));
  ASSERT_FALSE(got.status.ok());
  EXPECT_THAT(got.status.message(), HasSubstr("permanent, not retried"));
  EXPECT_THAT(got.status.message(), HasSubstr("unknown message id 7"));
  EXPECT_THAT(sleeper.delays(), ElementsAre());
  EXPECT_EQ(fake.FromIds().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Codes, PermanentCodeTest,
                         ::testing::Values(grpc::StatusCode::INVALID_ARGUMENT,
                                           grpc::StatusCode::NOT_FOUND,
                                           grpc::StatusCode::UNAUTHENTICATED,
                                           grpc::StatusCode::PERMISSION_DENIED));

TEST(EventWatcherTest, AKnownServerDeathEndsTheWatchAtOnceNamingIt) {
  FakeArmada fake;
  fake.AppendEvent(Submitted("a"));
  fake.BreakStreamsAfter({1, 0, 0});
  RecordingSleeper sleeper;
  WatchOptions options = FastRetries(&sleeper);
  options.server_death = [] { return std::string("armada-localstack was killed by signal 9"); };
  const Collected got = Collect(fake, 2, options);
  ASSERT_FALSE(got.status.ok());
  EXPECT_THAT(got.status.message(), HasSubstr("armada-localstack was killed by signal 9"));
  EXPECT_THAT(got.status.message(), HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(sleeper.delays(), ElementsAre());
}

TEST(EventWatcherTest, StopEndsABackoffWaitPromptly) {
  FakeArmada fake;
  fake.BreakStreamsAfter({0, 0, 0});
  Connection connection = fake.Connect();
  TestLog log("watcher-test");
  WatchOptions options;  // the real sleeper: a first wait of 1s, then 2s
  EventWatcher watcher(connection, "q", "set", log, options);
  std::thread thread([&] { EXPECT_TRUE(watcher.Run([](const auto&) {}).ok()); });
  while (fake.FromIds().size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto stopped_at = std::chrono::steady_clock::now();
  watcher.Stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::milliseconds(1500));
}

TEST(EventWatcherTest, StopEndsAnIdleStreamPromptly) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  TestLog log("watcher-test");
  EventWatcher watcher(connection, "q", "set", log, FastRetries());
  std::thread thread([&] { EXPECT_TRUE(watcher.Run([](const auto&) {}).ok()); });
  EXPECT_TRUE(fake.WaitForStreams(1, std::chrono::seconds(30)));
  const auto stopped_at = std::chrono::steady_clock::now();
  watcher.Stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::seconds(5));
}

}  // namespace
}  // namespace armada::runner
