#include "runner/event_watcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "runner/fake_armada.h"
#include "runner/test_events.h"

namespace armada::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace ::armada::runner::testing;

WatchOptions FastRetries() {
  WatchOptions options;
  options.first_backoff = std::chrono::milliseconds(10);
  options.max_backoff = std::chrono::milliseconds(40);
  options.max_attempts = 4;
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
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
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

TEST(EventWatcherTest, GivesUpAfterConsecutiveFailures) {
  FakeArmada fake;
  fake.BreakStreamsAfter({0, 0, 0, 0, 0, 0, 0, 0});
  const Collected got = Collect(fake, 1);
  ASSERT_FALSE(got.status.ok());
  EXPECT_THAT(got.status.message(), HasSubstr("lost after 4 attempts"));
  EXPECT_THAT(got.status.message(), HasSubstr("UNAVAILABLE"));
}

TEST(EventWatcherTest, ReceivingResetsTheFailureCount) {
  FakeArmada fake;
  for (int i = 0; i < 6; ++i) fake.AppendEvent(Submitted("job-" + std::to_string(i)));
  // Six breaks in all, more than max_attempts, but never more than one in a row without data.
  fake.BreakStreamsAfter({1, 1, 1, 1, 1, 1});
  const Collected got = Collect(fake, 6);
  EXPECT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.ids.size(), 6u);
}

TEST(EventWatcherTest, StopEndsAnIdleStreamPromptly) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  TestLog log("watcher-test");
  EventWatcher watcher(connection, "q", "set", log, FastRetries());
  std::thread thread([&] { EXPECT_TRUE(watcher.Run([](const auto&) {}).ok()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto stopped_at = std::chrono::steady_clock::now();
  watcher.Stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::seconds(5));
}

}  // namespace
}  // namespace armada::runner
