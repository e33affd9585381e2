#include "localstack/control/event_log.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "localstack/control/job_events.h"
#include "localstack/control/store.h"

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

// A job's whole life, with a spec, maps and times, as the Cluster logs it.
std::vector<api::EventMessage> ALife() {
  const JobRef job{"01job", "s", "q"};
  const PodRef pod{"cluster", "pool", "node-1", "armada-01job-0", "default", "run-1"};
  api::Job spec;
  spec.set_id(job.job_id);
  spec.set_namespace_("default");
  (*spec.mutable_labels())["team"] = "a";
  auto* c = spec.add_pod_specs()->add_containers();
  c->set_name("main");
  c->add_command("true");
  (*c->mutable_resources()->mutable_limits())["memory"].set_string("25Mi");
  return {SubmittedEvent(job, spec), QueuedEvent(job),       LeasedEvent(job, pod),
          PendingEvent(job, pod),    RunningEvent(job, pod), SucceededEvent(job, pod)};
}

void ExpectSame(const std::vector<LoggedEvent>& read, const std::vector<api::EventMessage>& sent,
                size_t first) {
  ASSERT_EQ(read.size(), sent.size() - first);
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].id, std::to_string(first + i + 1));
    EXPECT_EQ(read[i].message.DebugString(), sent[first + i].DebugString());
  }
}

TEST(EventLog, EventsKeptAsTheirBytesReadBackAsTheMessagesAppended) {
  EventLog log;
  const auto sent = ALife();
  for (const auto& m : sent) log.Append("q", "s", m);
  ExpectSame(*log.Read("q", "s", ""), sent, 0);
  // A watcher resuming after its last message id gets the rest, unchanged.
  ExpectSame(*log.Read("q", "s", "4"), sent, 4);
}

TEST(EventLog, GetReturnsTheOneEntryWithAnIdAndRefusesOthers) {
  EventLog log;
  const auto sent = ALife();
  for (const auto& m : sent) log.Append("q", "s", m);
  auto first = log.Get("q", "s", "1");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->DebugString(), sent[0].DebugString());
  EXPECT_EQ(log.Get("q", "s", "6")->DebugString(), sent[5].DebugString());
  for (const char* bad : {"", "0", "7", "x"}) EXPECT_FALSE(log.Get("q", "s", bad).ok()) << bad;
  EXPECT_FALSE(log.Get("q", "other", "1").ok());
}

TEST(EventLog, AStoredLogLoadsBackIdenticalAndResumesAfterItsLastId) {
  char pattern[] = "/tmp/armada-event-log-test-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const auto sent = ALife();
  {
    auto store = Store::Open(dir + "/localstack.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    EventLog log(store->get());
    for (size_t i = 0; i < 4; ++i) log.Append("q", "s", sent[i]);
  }
  {
    auto store = Store::Open(dir + "/localstack.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    EventLog log(store->get());
    ExpectSame(*log.Read("q", "s", ""), {sent.begin(), sent.begin() + 4}, 0);
    // Ids go on where the last life stopped.
    EXPECT_EQ(log.Append("q", "s", sent[4]), "5");
    EXPECT_EQ(log.Append("q", "s", sent[5]), "6");
    ExpectSame(*log.Read("q", "s", "3"), sent, 3);
  }
  std::filesystem::remove_all(dir);
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
