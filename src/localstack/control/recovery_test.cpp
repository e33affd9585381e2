// A restart with a Store (--data-dir): queues, message ids, client-id
// deduplication and queued jobs survive; a job running at the stop ends with
// a failed event saying the stack restarted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "api/event_names.h"
#include "localstack/config/executor_config.h"
#include "localstack/config/localstack_config.h"
#include "localstack/control/cluster.h"
#include "localstack/control/retry_policies.h"
#include "localstack/control/store.h"
#include "localstack/testing/scripted_pod_runner.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;
using testing::ScriptedPodRunner;
using Clock = std::chrono::steady_clock;

constexpr char kConfig[] = R"(
application:
  clusterId: test-cluster
  pool: test-pool
)";

std::string Kind(const api::EventMessage& m) { return EventName(m); }

// One life of the server: everything main() builds, over one database.
struct Life {
  explicit Life(const std::string& path)
      : store(std::move(*Store::Open(path))),
        executor_config(ParseExecutorConfig(kConfig, "test.yaml")),
        queues(store.get()),
        policies(store.get()),
        events(store.get()),
        cluster(Config(), executor_config->classifier, runner, queues, events, store.get()) {}
  ~Life() { cluster.Shutdown(); }

  static ClusterConfig Config() {
    ClusterConfig config;
    config.cluster_id = "test-cluster";
    config.pool = "test-pool";
    config.capacity = {1000, int64_t{1} << 32};
    // The scripted runner's image, in the default namespace.
    auto settings =
        ParseLocalstackConfig("images:\n  - name: scripted\nnamespaces: [default]\n", "l.yaml");
    EXPECT_TRUE(settings.ok()) << settings.status().message();
    if (settings.ok()) config.settings = *settings;
    return config;
  }

  // Creates the queue the jobs go to, "q".
  void CreateQueue(double priority_factor) {
    api::Queue queue;
    queue.set_name("q");
    queue.set_priority_factor(priority_factor);
    const Status created = queues.Create(queue);
    ASSERT_TRUE(created.ok()) << created.message();
  }

  std::string Submit(const std::string& job_set, const std::string& script,
                     const std::string& client_id = "") {
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id(job_set);
    auto* item = request.add_job_request_items();
    item->set_client_id(client_id);
    item->set_namespace_("default");
    auto* c = item->add_pod_specs()->add_containers();
    c->set_name("main");
    c->set_image("scripted");
    c->add_command(script);
    (*c->mutable_resources()->mutable_requests())["cpu"].set_string("1");
    (*c->mutable_resources()->mutable_limits())["cpu"].set_string("1");
    api::JobSubmitResponse response;
    const Status s = cluster.Submit(request, &response);
    EXPECT_TRUE(s.ok()) << s.message();
    return s.ok() ? response.job_response_items(0).job_id() : "";
  }

  // Waits (at most 10 s) for an event of `kind` for `job_id`; returns its id.
  std::string WaitFor(const std::string& job_set, const std::string& job_id,
                      const std::string& kind) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::string from;
    while (true) {
      auto entries = events.Read("q", job_set, from);
      if (!entries.ok()) return "";
      for (const auto& e : *entries) {
        from = e.id;
        if (Kind(e.message) == kind && e.message.DebugString().find(job_id) != std::string::npos) {
          return e.id;
        }
      }
      if (!events.Wait("q", job_set, from, deadline)) return "";
    }
  }

  ScriptedPodRunner runner;
  std::unique_ptr<Store> store;
  StatusOr<ExecutorConfig> executor_config;
  QueueStore queues;
  RetryPolicies policies;
  EventLog events;
  Cluster cluster;
};

class RecoveryTest : public ::testing::Test {
 protected:
  RecoveryTest() {
    char pattern[] = "/tmp/armada-recovery-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    path_ = dir_ + "/localstack.db";
  }
  ~RecoveryTest() override { std::filesystem::remove_all(dir_); }
  std::string dir_, path_;
};

TEST_F(RecoveryTest, ARestartKeepsQueuesMessageIdsAndClientIds) {
  std::string running, queued, done;
  size_t logged = 0;
  {
    Life first(path_);
    first.CreateQueue(2);
    done = first.Submit("done", "succeed");
    ASSERT_FALSE(first.WaitFor("done", done, "succeeded").empty());
    running = first.Submit("s", "run", "client-1");
    ASSERT_FALSE(first.WaitFor("s", running, "running").empty());
    // The node is full, so this one stays queued.
    queued = first.Submit("s", "succeed");
    logged = first.events.Read("q", "s", "")->size();
  }

  Life second(path_);
  api::Queue queue;
  ASSERT_TRUE(second.queues.Get("q", &queue).ok());
  EXPECT_EQ(queue.priority_factor(), 2);
  // The old ids still mean the same events, and new ones follow them.
  auto before = second.events.Read("q", "s", "");
  ASSERT_TRUE(before.ok());
  ASSERT_GE(before->size(), logged);
  const std::string failed_id = second.WaitFor("s", running, "failed");
  ASSERT_FALSE(failed_id.empty());
  EXPECT_GT(std::stoul(failed_id), logged);
  const auto after = second.events.Read("q", "s", "");
  ASSERT_TRUE(after.ok());
  for (const auto& e : *after) {
    if (e.id == failed_id) {
      EXPECT_THAT(e.message.failed().reason(), HasSubstr("armada-localstack restarted"))
          << e.message.DebugString();
    }
  }
  // The queued job runs on the new server.
  EXPECT_FALSE(second.WaitFor("s", queued, "succeeded").empty());
  // A retried submission with the same client id creates nothing new.
  EXPECT_EQ(second.Submit("s", "run", "client-1"), running);
  EXPECT_TRUE(second.events.Exists("q", "done"));
  EXPECT_TRUE(second.cluster.ActiveQueuesByPool().empty());
}

TEST_F(RecoveryTest, AFinishedJobIsDescribedAfterARestartAsBefore) {
  std::string done;
  api::JobDetails before;
  {
    Life first(path_);
    first.CreateQueue(1);
    done = first.Submit("s", "succeed", "client-1");
    ASSERT_FALSE(first.WaitFor("s", done, "succeeded").empty());
    ASSERT_TRUE(first.cluster.Describe(done, true, true, &before));
  }
  Life second(path_);
  api::JobDetails after;
  ASSERT_TRUE(second.cluster.Describe(done, true, true, &after));
  EXPECT_EQ(after.DebugString(), before.DebugString());
  EXPECT_EQ(after.state(), api::SUCCEEDED);
  EXPECT_EQ(after.job_spec().client_id(), "client-1");
  EXPECT_EQ(second.cluster.JobOfRun(after.latest_run_id()), done);
}

// A whole job set's cancel names its requestor in no event, so the store
// keeps who it was for the query API's cancel_user.
TEST_F(RecoveryTest, WhoCancelledAJobSetIsDescribedAfterARestart) {
  std::string held;
  {
    Life first(path_);
    first.CreateQueue(1);
    held = first.Submit("s", "run");
    ASSERT_FALSE(first.WaitFor("s", held, "running").empty());
    api::JobSetCancelRequest cancel;
    cancel.set_queue("q");
    cancel.set_job_set_id("s");
    ASSERT_TRUE(first.cluster.CancelJobSet(cancel, Requestor{"carol", {"everyone"}}).ok());
    ASSERT_FALSE(first.WaitFor("s", held, "cancelled").empty());
    api::JobDetails before;
    ASSERT_TRUE(first.cluster.Describe(held, false, false, &before));
    ASSERT_EQ(before.cancel_user(), "carol");
  }
  Life second(path_);
  api::JobDetails after;
  ASSERT_TRUE(second.cluster.Describe(held, false, false, &after));
  EXPECT_EQ(after.state(), api::CANCELLED);
  EXPECT_EQ(after.cancel_user(), "carol");
}

// Queues survive a restart, and so do the retry policies they name: created,
// updated and deleted ones as they were last.
TEST_F(RecoveryTest, RetryPoliciesAreKeptAsTheyWereLast) {
  api::RetryPolicy kept;
  kept.set_name("kept");
  {
    Life first(path_);
    first.policies.Create(kept);
    kept.set_retry_limit(3);
    ASSERT_TRUE(first.policies.Update(kept).ok());
    api::RetryPolicy dropped;
    dropped.set_name("dropped");
    first.policies.Create(dropped);
    first.policies.Delete("dropped");
  }
  Life second(path_);
  const auto got = second.policies.Get("kept");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->DebugString(), kept.DebugString());
  EXPECT_FALSE(second.policies.Get("dropped").ok());
  EXPECT_EQ(second.policies.List().size(), 1u);
}

// A database made before a column was added opens, and gains it.
TEST_F(RecoveryTest, ADatabaseOfAnEarlierSchemaOpensAndKeepsItsJobs) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db,
                     "CREATE TABLE jobs (id TEXT PRIMARY KEY, queue TEXT NOT NULL, job_set TEXT "
                     "NOT NULL, state INTEGER NOT NULL, spec BLOB NOT NULL, cluster_id TEXT, "
                     "pool TEXT, node_name TEXT, pod_name TEXT, pod_namespace TEXT, run_id "
                     "TEXT); INSERT INTO jobs (id, queue, job_set, state, spec) VALUES "
                     "('j', 'q', 's', 0, x'')",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto jobs = (*store)->LoadJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status().message();
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].cancel_user, "");
  StoredJob job = (*jobs)[0];
  job.spec.set_id("j");
  job.spec.set_queue("q");
  job.spec.set_job_set_id("s");
  job.cancel_user = "carol";
  ASSERT_TRUE((*store)->PutJob(job).ok());
  jobs = (*store)->LoadJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status().message();
  EXPECT_EQ((*jobs)[0].cancel_user, "carol");
}

TEST_F(RecoveryTest, AnUnreadableDatabaseIsAClearError) {
  std::filesystem::create_directories(path_);  // a directory where the file should be
  auto store = Store::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
}

}  // namespace
}  // namespace armada::localstack
