#include "localstack/control/event_log.h"

#include <gtest/gtest.h>

#include <thread>

namespace armada::localstack {
namespace {

using Clock = std::chrono::steady_clock;

api::EventMessage Queued(const std::string& job_id) {
  api::EventMessage m;
  m.mutable_queued()->set_job_id(job_id);
  return m;
}

std::vector<std::string> JobIds(const std::vector<LoggedEvent>& events) {
  std::vector<std::string> ids;
  for (const auto& e : events) ids.push_back(e.message.queued().job_id());
  return ids;
}

TEST(EventLog, ReadsFromStartAndAfterAnId) {
  EventLog log;
  EXPECT_EQ(log.Append("q", "s", Queued("a")), "1");
  EXPECT_EQ(log.Append("q", "s", Queued("b")), "2");
  EXPECT_EQ(log.Append("q", "s", Queued("c")), "3");
  auto all = log.Read("q", "s", "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(JobIds(*all), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ((*all)[1].id, "2");
  auto later = log.Read("q", "s", "1");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(JobIds(*later), (std::vector<std::string>{"b", "c"}));
  auto none = log.Read("q", "s", "3");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(EventLog, JobSetsAreSeparatePerQueue) {
  EventLog log;
  log.Append("q1", "s", Queued("a"));
  log.Append("q2", "s", Queued("b"));
  EXPECT_EQ(JobIds(*log.Read("q2", "s", "")), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(log.Exists("q1", "s"));
  EXPECT_FALSE(log.Exists("q1", "other"));
  EXPECT_TRUE(log.Read("q1", "other", "")->empty());
}

TEST(EventLog, UnknownIdIsAnError) {
  EventLog log;
  log.Append("q", "s", Queued("a"));
  for (const char* bad : {"2", "0", "x", "1-0", "-1"}) {
    auto read = log.Read("q", "s", bad);
    EXPECT_FALSE(read.ok()) << bad;
  }
  EXPECT_FALSE(log.Read("q", "missing", "1").ok());
}

TEST(EventLog, WaitReturnsWhenAnEntryArrives) {
  EventLog log;
  log.Append("q", "s", Queued("a"));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log.Append("q", "s", Queued("b"));
  });
  const auto start = Clock::now();
  EXPECT_TRUE(log.Wait("q", "s", "1", start + std::chrono::seconds(5)));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  writer.join();
  EXPECT_EQ(JobIds(*log.Read("q", "s", "1")), (std::vector<std::string>{"b"}));
}

TEST(EventLog, WaitTimesOutWithoutNewEntries) {
  EventLog log;
  log.Append("q", "s", Queued("a"));
  EXPECT_FALSE(log.Wait("q", "s", "1", Clock::now() + std::chrono::milliseconds(20)));
  EXPECT_TRUE(log.Wait("q", "s", "", Clock::now() + std::chrono::milliseconds(20)));
}

TEST(EventLog, CloseWakesWaiters) {
  EventLog log;
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log.Close();
  });
  const auto start = Clock::now();
  EXPECT_FALSE(log.Wait("q", "s", "", start + std::chrono::seconds(5)));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  closer.join();
}

TEST(EventLog, InvalidUtf8FromAJobDoesNotBreakReadsOfItsSet) {
  EventLog log;
  log.Append("q", "s", Queued("a"));
  api::EventMessage failed;
  failed.mutable_failed()->set_job_id("b");
  failed.mutable_failed()->set_reason("exit 1: \xFF\xFEgarbage");
  failed.mutable_failed()->add_container_statuses()->set_message("\xC3");
  log.Append("q", "s", failed);
  log.Append("q", "s", Queued("c"));
  auto all = log.Read("q", "s", "");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  // Each message decodes as a client would decode it.
  for (const auto& entry : *all) {
    api::EventMessage decoded;
    EXPECT_TRUE(decoded.ParseFromString(entry.message.SerializeAsString())) << entry.id;
  }
  EXPECT_EQ((*all)[1].message.failed().reason(), "exit 1: \xEF\xBF\xBD\xEF\xBF\xBDgarbage");
  EXPECT_EQ((*all)[1].message.failed().container_statuses(0).message(), "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace armada::localstack
