// What the Cluster does with jobs (lease, run, preempt, cancel, reprioritize,
// deadlines, event order), through a ScriptedPodRunner: no process, cgroup or
// root is needed.
#include "localstack/control/cluster.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "api/event_names.h"
#include "api/localstack_protocol.h"
#include "localstack/config/executor_config.h"
#include "localstack/config/localstack_config.h"
#include "localstack/testing/scripted_pod_runner.h"

namespace armada::localstack {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ScriptedPodRunner;
using Clock = std::chrono::steady_clock;

constexpr char kConfig[] = R"(
application:
  clusterId: test-cluster
  pool: test-pool
  errorCategories:
    - name: oom
      rules:
        - onConditions: [OOMKilled]
)";

std::string Kind(const api::EventMessage& m) { return EventName(m); }

// cluster.h's event sequence for one job, as a pattern over its kinds.
bool FollowsContract(const std::vector<std::string>& kinds) {
  std::string joined;
  for (const auto& k : kinds) joined += k + " ";
  static const std::regex kSequence(
      "submitted queued ((reprioritizing )?reprioritized |preempting )*"
      "(cancelling cancelled |leased pending ((reprioritizing )?reprioritized )*(running )?"
      "((reprioritizing )?reprioritized )*"
      "(succeeded |failed |cancelling cancelled |preempting preempted failed ))");
  return std::regex_match(joined, kSequence);
}

struct JobOptions {
  std::vector<std::string> args;
  double priority = 0;
  // Each job takes the whole node unless it asks for less.
  std::string cpu = "1";
  std::optional<int64_t> active_deadline_seconds;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string image = "scripted";
  std::string pod_namespace = "default";
  std::map<std::string, std::string> node_selector;
  // Tolerates node-tests=true:NoSchedule (kTwoNodes' ops node).
  bool tolerate_node_tests = false;
  // Required node affinity: armadaproject.io/node-pool In these.
  std::vector<std::string> affinity_pools;
};

// What Armada's submit checks ask of an item: a namespace, and a container
// with resources, each request equal to its limit.
void MakeSubmittable(api::JobSubmitRequestItem* item) {
  item->set_namespace_("default");
  for (auto& c : *item->mutable_pod_specs(0)->mutable_containers()) {
    (*c.mutable_resources()->mutable_requests())["cpu"].set_string("1");
    (*c.mutable_resources()->mutable_limits())["cpu"].set_string("1");
  }
}

JobOptions WithArgs(std::vector<std::string> args) {
  JobOptions options;
  options.args = std::move(args);
  return options;
}

constexpr char kOneNode[] = "nodes: [{name: test-node}]\n";

// As on kind (e2e-config/kind.yaml): a worker for every job, and a node-ops
// worker that only jobs tolerating its taint go to.
constexpr char kTwoNodes[] = R"(
nodes:
  - name: worker
  - name: ops
    labels: {armadaproject.io/node-pool: node-ops}
    taints: [{key: node-tests, value: "true", effect: NoSchedule}]
)";

// A cluster that knows the scripted runner's image and Armada's namespaces;
// `extra` adds YAML keys (its nodes).
LocalstackSettings Settings(const std::string& extra = kOneNode) {
  auto settings = ParseLocalstackConfig(
      "images:\n  - name: scripted\n  - {name: bitnamilegacy/kubectl, needsKubernetesApi: true}\n"
      "namespaces: [default, personal-anonymous]\n" +
          extra,
      "localstack.yaml");
  EXPECT_TRUE(settings.ok()) << settings.status().message();
  return settings.ok() ? *settings : LocalstackSettings();
}

class ClusterTest : public ::testing::Test {
 protected:
  ClusterTest() : ClusterTest(Settings()) {}
  explicit ClusterTest(LocalstackSettings settings)
      : runner_("this host cannot provide CPU limits"),
        executor_config_(ParseExecutorConfig(kConfig, "test.yaml")),
        cluster_(Config(std::move(settings)), executor_config_->classifier, runner_, queues_,
                 events_) {
    api::Queue queue;
    queue.set_name("q");
    queue.set_priority_factor(1);
    EXPECT_TRUE(queues_.Create(queue).ok());
  }
  ~ClusterTest() override { cluster_.Shutdown(); }

  ClusterConfig Config(LocalstackSettings settings) const {
    ClusterConfig config;
    config.cluster_id = executor_config_->cluster_id;
    config.pool = executor_config_->pool;
    config.capacity = {1000, int64_t{1} << 32};
    config.settings = std::move(settings);
    return config;
  }

  // Submits one job whose pod runs `script` (see scripted_pod_runner.h).
  std::string Submit(const std::string& script, const JobOptions& options = {}) {
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    auto* item = request.add_job_request_items();
    item->set_priority(options.priority);
    item->mutable_labels()->insert(options.labels.begin(), options.labels.end());
    item->mutable_annotations()->insert(options.annotations.begin(), options.annotations.end());
    item->set_namespace_(options.pod_namespace);
    auto* pod = item->add_pod_specs();
    pod->mutable_nodeselector()->insert(options.node_selector.begin(), options.node_selector.end());
    if (!options.affinity_pools.empty()) {
      auto* requirement = pod->mutable_affinity()
                              ->mutable_nodeaffinity()
                              ->mutable_requiredduringschedulingignoredduringexecution()
                              ->add_nodeselectorterms()
                              ->add_matchexpressions();
      requirement->set_key("armadaproject.io/node-pool");
      requirement->set_operator_("In");
      for (const auto& pool : options.affinity_pools) requirement->add_values(pool);
    }
    if (options.tolerate_node_tests) {
      auto* t = pod->add_tolerations();
      t->set_key("node-tests");
      t->set_operator_("Equal");
      t->set_value("true");
      t->set_effect("NoSchedule");
    }
    if (options.active_deadline_seconds) {
      pod->set_activedeadlineseconds(*options.active_deadline_seconds);
    }
    auto* c = pod->add_containers();
    c->set_name("main");
    c->set_image(options.image);
    c->add_command(script);
    for (const auto& arg : options.args) c->add_args(arg);
    // Armada asks requests equal to limits; memory comes from the defaults.
    (*c->mutable_resources()->mutable_requests())["cpu"].set_string(options.cpu);
    (*c->mutable_resources()->mutable_limits())["cpu"].set_string(options.cpu);
    api::JobSubmitResponse response;
    const Status s = cluster_.Submit(request, &response);
    EXPECT_TRUE(s.ok()) << s.message();
    return s.ok() ? response.job_response_items(0).job_id() : "";
  }

  // The job's events so far, in log order.
  std::vector<api::EventMessage> EventsOf(const std::string& job_id) const {
    std::vector<api::EventMessage> out;
    auto entries = events_.Read("q", "s", "");
    EXPECT_TRUE(entries.ok());
    if (!entries.ok()) return out;
    for (auto& e : *entries) {
      if (JobIdOf(e.message) == job_id) out.push_back(std::move(e.message));
    }
    return out;
  }
  std::vector<std::string> KindsOf(const std::string& job_id) const {
    std::vector<std::string> kinds;
    for (const auto& m : EventsOf(job_id)) kinds.push_back(Kind(m));
    return kinds;
  }

  // Waits (woken by the log, at most 10 s) until the job has an event of one
  // of `kinds`, and returns it.
  std::optional<api::EventMessage> WaitFor(const std::string& job_id,
                                           const std::set<std::string>& kinds) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::string from;
    while (true) {
      auto entries = events_.Read("q", "s", from);
      if (!entries.ok()) return std::nullopt;
      for (auto& e : *entries) {
        from = e.id;
        if (JobIdOf(e.message) == job_id && kinds.count(Kind(e.message))) return e.message;
      }
      if (!events_.Wait("q", "s", from, deadline)) {
        ADD_FAILURE() << "no " << *kinds.begin() << " event for " << job_id;
        return std::nullopt;
      }
    }
  }
  std::optional<api::EventMessage> WaitFor(const std::string& job_id, const std::string& kind) {
    return WaitFor(job_id, std::set<std::string>{kind});
  }

  Status Cancel(const std::string& job_id, api::CancellationResult* result = nullptr) {
    api::JobCancelRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    request.set_job_id(job_id);
    request.set_reason("no longer needed");
    api::CancellationResult ignored;
    return cluster_.Cancel(request, result ? result : &ignored);
  }

  ScriptedPodRunner runner_;
  StatusOr<ExecutorConfig> executor_config_;
  QueueStore queues_;
  EventLog events_;
  Cluster cluster_;
};

TEST_F(ClusterTest, LeasesAndRunsAJob) {
  JobOptions options;
  options.labels["team"] = "a";
  const std::string id = Submit("succeed", options);
  ASSERT_TRUE(WaitFor(id, "succeeded"));
  EXPECT_THAT(KindsOf(id),
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));

  const auto leased = WaitFor(id, "leased");
  EXPECT_EQ(leased->leased().cluster_id(), "test-cluster");
  EXPECT_EQ(leased->leased().pool(), "test-pool");
  const auto running = WaitFor(id, "running");
  EXPECT_EQ(running->running().pod_name(), "armada-" + id + "-0");
  EXPECT_EQ(running->running().pod_namespace(), "default");

  // The pod the runner got is the job's.
  const auto call = runner_.call(id);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->pod.name, "armada-" + id + "-0");
  EXPECT_EQ(call->pod.namespace_, "default");
  EXPECT_EQ(call->pod.node_name, "test-node");
  EXPECT_EQ(call->pod.labels.at("team"), "a");
  EXPECT_EQ(call->spec.containers(0).command(0), "succeed");
  EXPECT_FALSE(call->stopped);
}

TEST_F(ClusterTest, FailedPodIsClassifiedAndNamesWhatTheHostLacks) {
  const std::string id = Submit("fail", WithArgs({"137", "OOMKilled", "out of memory"}));
  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_THAT(KindsOf(id),
              ElementsAre("submitted", "queued", "leased", "pending", "running", "failed"));
  const auto& f = failed->failed();
  EXPECT_EQ(f.cause(), api::OOM);
  // The list-shaped errorCategories (v0.20.37-v0.20.40): categories only.
  EXPECT_THAT(f.categories(), ElementsAre("oom"));
  EXPECT_EQ(f.failure_category(), "");
  EXPECT_THAT(f.reason(), HasSubstr("exit code 137 because OOMKilled: out of memory"));
  EXPECT_THAT(f.reason(), HasSubstr("this host cannot provide CPU limits"));
  ASSERT_EQ(f.container_statuses_size(), 1);
  EXPECT_EQ(f.container_statuses(0).exitcode(), 137);
}

TEST_F(ClusterTest, ContainersThatNeverStartSkipRunning) {
  const std::string id =
      Submit("unstartable", WithArgs({"exec: \"x\": executable file not found"}));
  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "failed"));
  EXPECT_THAT(failed->failed().reason(), HasSubstr("executable file not found"));
  EXPECT_TRUE(failed->failed().categories().empty());
}

TEST_F(ClusterTest, ExceededDeadlineFailsTheJob) {
  JobOptions options;
  options.active_deadline_seconds = 5;
  const std::string id = Submit("run", options);
  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->failed().cause(), api::DeadlineExceeded);
  EXPECT_THAT(failed->failed().reason(), HasSubstr(kDeadlineExceededMessage));
  EXPECT_EQ(runner_.call(id)->spec.activedeadlineseconds(), 5);
}

TEST_F(ClusterTest, AFinishedJobIsDescribedWithTheSpecItWasSubmittedWithAtItsNewPriority) {
  const std::string blocker = Submit("run");
  ASSERT_TRUE(WaitFor(blocker, "running"));
  JobOptions options;
  options.labels["team"] = "a";
  options.priority = 1;
  const std::string id = Submit("succeed", options);
  api::JobReprioritizeRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(id);
  request.set_new_priority(7);
  api::JobReprioritizeResponse response;
  ASSERT_TRUE(cluster_.Reprioritize(request, &response).ok());
  ASSERT_TRUE(Cancel(blocker).ok());
  const auto succeeded = WaitFor(id, "succeeded");
  ASSERT_TRUE(succeeded);

  api::JobDetails details;
  std::string error = "unset";
  ASSERT_TRUE(cluster_.Describe(id, /*with_runs=*/true, /*with_spec=*/true, &details, &error));
  EXPECT_EQ(error, "");
  EXPECT_EQ(details.state(), api::SUCCEEDED);
  EXPECT_EQ(details.namespace_(), "default");
  ASSERT_EQ(details.job_runs_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(details.job_runs(0).finished_ts(),
                                         succeeded->succeeded().created()));
  EXPECT_EQ(details.latest_run_id(), details.job_runs(0).run_id());
  // The spec is the submitted event's, with the priority it was given since.
  api::Job expected = EventsOf(id).front().submitted().job();
  expected.set_priority(7);
  EXPECT_TRUE(MessageDifferencer::Equals(details.job_spec(), expected))
      << details.job_spec().DebugString();
  EXPECT_EQ(details.job_spec().labels().at("team"), "a");

  api::JobDetails without;
  ASSERT_TRUE(cluster_.Describe(id, false, false, &without));
  EXPECT_FALSE(without.has_job_spec());
  EXPECT_EQ(without.job_runs_size(), 0);
  EXPECT_EQ(cluster_.NamespaceOf(id), "default");
  EXPECT_FALSE(cluster_.Describe("no-such-job", true, true, &details));
}

TEST_F(ClusterTest, StartsQueuedJobsByPriorityThenArrivalAsTheNodeFrees) {
  const std::string blocker = Submit("run");
  ASSERT_TRUE(WaitFor(blocker, "running"));
  JobOptions later, sooner;
  later.priority = 2;
  sooner.priority = 1;
  const std::string a = Submit("succeed", later);
  const std::string b = Submit("succeed", sooner);
  const std::string c = Submit("succeed", sooner);
  EXPECT_THAT(KindsOf(a), ElementsAre("submitted", "queued")) << "the node is full";
  ASSERT_TRUE(Cancel(blocker).ok());
  ASSERT_TRUE(WaitFor(a, "succeeded"));
  EXPECT_THAT(runner_.started(), ElementsAre(blocker, b, c, a));
}

TEST_F(ClusterTest, ReprioritizeReordersQueuedJobs) {
  const std::string blocker = Submit("run");
  ASSERT_TRUE(WaitFor(blocker, "running"));
  JobOptions low;
  low.priority = 1;
  const std::string a = Submit("succeed", low);
  const std::string b = Submit("succeed", low);

  api::JobReprioritizeRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(b);
  request.add_job_ids("no-such-job");
  request.set_new_priority(0);
  api::JobReprioritizeResponse response;
  ASSERT_TRUE(cluster_.Reprioritize(request, &response).ok());
  // As Armada (submit.go@v0.22.7): "" for every id, known or not.
  EXPECT_EQ(response.reprioritization_results().at(b), "");
  EXPECT_EQ(response.reprioritization_results().at("no-such-job"), "");
  EXPECT_THAT(KindsOf(b), ElementsAre("submitted", "queued", "reprioritizing", "reprioritized"));
  EXPECT_EQ(WaitFor(b, "reprioritized")->reprioritized().new_priority(), 0);

  ASSERT_TRUE(Cancel(blocker).ok());
  ASSERT_TRUE(WaitFor(a, "succeeded"));
  EXPECT_THAT(runner_.started(), ElementsAre(blocker, b, a));

  api::JobReprioritizeRequest again;
  again.set_queue("q");
  again.set_job_set_id("s");
  again.add_job_ids(a);
  again.set_new_priority(3);
  api::JobReprioritizeResponse finished;
  ASSERT_TRUE(cluster_.Reprioritize(again, &finished).ok());
  EXPECT_EQ(finished.reprioritization_results().at(a), "");
  EXPECT_EQ(KindsOf(a).back(), "succeeded");
}

TEST_F(ClusterTest, PreemptsARunningJob) {
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  const std::string queued = Submit("succeed");

  api::JobPreemptRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(id);
  request.add_job_ids(queued);
  request.set_reason("make room");
  api::PreemptionResult result;
  ASSERT_TRUE(cluster_.Preempt(request, &result).ok());
  EXPECT_EQ(result.preemption_results().at(id), "");
  EXPECT_EQ(result.preemption_results().at(queued), "");

  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                       "preempting", "preempted", "failed"));
  EXPECT_EQ(failed->failed().reason(), "Job was preempted: make room");
  EXPECT_TRUE(runner_.call(id)->stopped);
  EXPECT_FALSE(runner_.call(id)->grace_override) << "preemption keeps the pod's grace";

  // The queued job logs its preempting, as on Armada, stays queued and runs
  // once the node is free.
  ASSERT_TRUE(WaitFor(queued, "succeeded"));
  EXPECT_THAT(KindsOf(queued), ElementsAre("submitted", "queued", "preempting", "leased", "pending",
                                           "running", "succeeded"));
}

TEST_F(ClusterTest, CancelsAQueuedJobWithoutRunningIt) {
  const std::string blocker = Submit("run");
  ASSERT_TRUE(WaitFor(blocker, "running"));
  const std::string id = Submit("succeed");
  api::CancellationResult result;
  ASSERT_TRUE(Cancel(id, &result).ok());
  EXPECT_THAT(result.cancelled_ids(), ElementsAre(id));
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "cancelling", "cancelled"));
  // Armada's cancel events carry no reason, the request's included (job_events.h).
  EXPECT_EQ(WaitFor(id, "cancelled")->cancelled().reason(), "");

  // Cancelling it again changes nothing but logs its `cancelling`, as Armada's
  // submit server does for every id; Armada answers with the id all the same.
  api::CancellationResult again;
  ASSERT_TRUE(Cancel(id, &again).ok());
  EXPECT_THAT(again.cancelled_ids(), ElementsAre(id));
  EXPECT_THAT(KindsOf(id),
              ElementsAre("submitted", "queued", "cancelling", "cancelled", "cancelling"));

  ASSERT_TRUE(Cancel(blocker).ok());
  ASSERT_TRUE(WaitFor(blocker, "cancelled"));
  EXPECT_THAT(runner_.started(), ElementsAre(blocker));
}

TEST_F(ClusterTest, CancelsALeasedJobBeforeItsContainersStart) {
  const std::string id = Submit("hold");
  ASSERT_TRUE(WaitFor(id, "pending"));
  ASSERT_TRUE(Cancel(id).ok());
  ASSERT_TRUE(WaitFor(id, "cancelled"));
  EXPECT_THAT(KindsOf(id),
              ElementsAre("submitted", "queued", "leased", "pending", "cancelling", "cancelled"));
}

TEST_F(ClusterTest, CancelsARunningJobAndFreesTheNode) {
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  const std::string next = Submit("succeed");
  ASSERT_TRUE(Cancel(id).ok());
  ASSERT_TRUE(WaitFor(id, "cancelled"));
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                       "cancelling", "cancelled"));
  EXPECT_TRUE(runner_.call(id)->stopped);
  ASSERT_TRUE(WaitFor(next, "succeeded"));
}

TEST_F(ClusterTest, ActiveQueuesAreThoseWithLeasedOrRunningJobsInThePool) {
  EXPECT_TRUE(cluster_.ActiveQueuesByPool().empty());
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  const auto active = cluster_.ActiveQueuesByPool();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_THAT(active.at("test-pool"), ElementsAre("q"));
  ASSERT_TRUE(Cancel(id).ok());
  ASSERT_TRUE(WaitFor(id, "cancelled"));
  for (int i = 0; i < 100 && !cluster_.ActiveQueuesByPool().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(cluster_.ActiveQueuesByPool().empty());
}

TEST_F(ClusterTest, CancelOnNodeStopsTheJobsRunningThereOnly) {
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  const std::string queued = Submit("succeed");

  api::NodeCancelRequest request;
  request.set_name("test-node");
  EXPECT_EQ(cluster_.CancelOnNode(request).code(), StatusCode::kInvalidArgument);
  request.set_executor("other-cluster");
  ASSERT_TRUE(cluster_.CancelOnNode(request).ok());  // not this cluster: nothing to do
  request.set_executor("test-cluster");
  request.add_queues("another-queue");
  ASSERT_TRUE(cluster_.CancelOnNode(request).ok());  // filtered out
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "running"));

  request.clear_queues();
  ASSERT_TRUE(cluster_.CancelOnNode(request).ok());
  ASSERT_TRUE(WaitFor(id, "cancelled"));
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                       "cancelling", "cancelled"));
  ASSERT_TRUE(WaitFor(queued, "succeeded"));  // queued, so on no node: left alone
}

TEST_F(ClusterTest, PreemptOnNodePreemptsTheJobsRunningThere) {
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  api::NodePreemptRequest request;
  request.set_executor("test-cluster");
  EXPECT_EQ(cluster_.PreemptOnNode(request).code(), StatusCode::kInvalidArgument);
  request.set_name("test-node");
  ASSERT_TRUE(cluster_.PreemptOnNode(request).ok());
  ASSERT_TRUE(WaitFor(id, "failed"));
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                       "preempting", "preempted", "failed"));
}

TEST_F(ClusterTest, CancelJobSetWithAFilterTouchesOnlyThoseStates) {
  const std::string running = Submit("run");
  ASSERT_TRUE(WaitFor(running, "running"));
  const std::string queued = Submit("succeed");
  api::JobSetCancelRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.mutable_filter()->add_states(api::QUEUED);
  ASSERT_TRUE(cluster_.CancelJobSet(request).ok());
  ASSERT_TRUE(WaitFor(queued, "cancelled"));
  EXPECT_EQ(KindsOf(running).back(), "running");
  EXPECT_FALSE(cluster_.ActiveQueuesByPool().empty()) << "the running job still runs";
}

TEST_F(ClusterTest, ShutdownStopsPodsAtOnceWithoutFinalEvents) {
  const std::string id = Submit("run");
  ASSERT_TRUE(WaitFor(id, "running"));
  cluster_.Shutdown();
  const auto call = runner_.call(id);
  ASSERT_TRUE(call && call->ended);
  EXPECT_EQ(call->grace_override, 0);
  EXPECT_EQ(KindsOf(id).back(), "running");

  api::JobSubmitRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  auto* item = request.add_job_request_items();
  auto* container = item->add_pod_specs()->add_containers();
  container->set_name("main");
  container->set_image("scripted");
  container->add_command("succeed");
  MakeSubmittable(item);
  api::JobSubmitResponse response;
  EXPECT_EQ(cluster_.Submit(request, &response).code(), StatusCode::kUnavailable);
}

TEST_F(ClusterTest, EveryJobOfABusyJobSetFollowsTheEventOrder) {
  std::vector<std::string> ids;
  const std::vector<std::string> scripts = {"succeed", "fail", "unstartable", "run", "hold"};
  for (int i = 0; i < 20; ++i) {
    JobOptions options;
    options.cpu = "100m";
    options.priority = i % 3;
    ids.push_back(Submit(scripts[i % scripts.size()], options));
  }
  // Reprioritize some, preempt and cancel the rest of the ones still going.
  api::JobReprioritizeRequest reprioritize;
  reprioritize.set_queue("q");
  reprioritize.set_job_set_id("s");
  reprioritize.set_new_priority(1);
  api::JobReprioritizeResponse reprioritized;
  ASSERT_TRUE(cluster_.Reprioritize(reprioritize, &reprioritized).ok());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i % 2 == 0) {
      api::JobPreemptRequest preempt;
      preempt.set_queue("q");
      preempt.set_job_set_id("s");
      preempt.add_job_ids(ids[i]);
      api::PreemptionResult result;
      ASSERT_TRUE(cluster_.Preempt(preempt, &result).ok());
    }
  }
  api::JobSetCancelRequest cancel;
  cancel.set_queue("q");
  cancel.set_job_set_id("s");
  ASSERT_TRUE(cluster_.CancelJobSet(cancel).ok());

  for (const auto& id : ids) ASSERT_TRUE(WaitFor(id, {"succeeded", "failed", "cancelled"}));
  ASSERT_TRUE(cluster_.ActiveQueuesByPool().empty());
  for (const auto& id : ids) {
    std::string joined;
    for (const auto& k : KindsOf(id)) joined += k + " ";
    EXPECT_TRUE(FollowsContract(KindsOf(id))) << id << ": " << joined;
  }
}

JobOptions InGang(const std::string& gang, const std::string& cardinality) {
  JobOptions options;
  options.cpu = "300m";
  options.annotations = {{"armadaproject.io/gangId", gang},
                         {"armadaproject.io/gangCardinality", cardinality}};
  return options;
}

TEST_F(ClusterTest, AGangOfThreeIsLeasedTogetherOnceAllAreSubmitted) {
  const std::string a = Submit("run", InGang("my-gang", "3"));
  const std::string b = Submit("run", InGang("my-gang", "3"));
  // Two of three: neither is leased, though both would fit.
  EXPECT_THAT(KindsOf(a), ElementsAre("submitted", "queued"));
  EXPECT_THAT(KindsOf(b), ElementsAre("submitted", "queued"));
  const std::string c = Submit("run", InGang("my-gang", "3"));
  for (const auto& id : {a, b, c}) ASSERT_TRUE(WaitFor(id, "running"));
  // All three leases come from one scheduling round: no other event between.
  std::vector<std::string> leased;
  const auto entries = events_.Read("q", "s", "");
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries) {
    if (Kind(e.message) == "leased") leased.push_back(JobIdOf(e.message));
  }
  EXPECT_THAT(leased, ElementsAre(a, b, c));
  // The pods see their gang through the downward API's annotations.
  EXPECT_EQ(runner_.call(a)->pod.annotations.at("armadaproject.io/gangId"), "my-gang");
}

TEST_F(ClusterTest, AGangThatDoesNotFitWhollyIsNotLeasedAtAll) {
  JobOptions big = InGang("big", "3");
  big.cpu = "400m";  // 3 x 400m > the node's 1000m
  const std::string a = Submit("run", big), b = Submit("run", big), c = Submit("run", big);
  const std::string solo = Submit("succeed", [] {
    JobOptions o;
    o.cpu = "100m";
    return o;
  }());
  ASSERT_TRUE(WaitFor(solo, "succeeded"));
  for (const auto& id : {a, b, c}) EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued"));
}

TEST_F(ClusterTest, AGangWithoutCardinalityIsRefused) {
  api::JobSubmitRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  auto* item = request.add_job_request_items();
  (*item->mutable_annotations())["armadaproject.io/gangId"] = "g";
  (*item->mutable_annotations())["armadaproject.io/gangCardinality"] = "three";
  auto* c = item->add_pod_specs()->add_containers();
  c->set_name("main");
  c->set_image("scripted");
  c->add_command("succeed");
  MakeSubmittable(item);
  api::JobSubmitResponse response;
  const Status status = cluster_.Submit(request, &response);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("gangCardinality]: \"three\" is not a positive"));
}

TEST_F(ClusterTest, AnUnknownImageFailsAsAnImagePullWithoutRunning) {
  JobOptions options;
  options.image = "some-non-existing-image:1.2.3";
  const std::string id = Submit("succeed", options);
  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "pending", "failed"));
  EXPECT_THAT(failed->failed().reason(),
              AllOf(HasSubstr("ErrImagePull"), HasSubstr("some-non-existing-image:1.2.3"),
                    HasSubstr("images:"), HasSubstr("localstack.yaml")));
  EXPECT_FALSE(runner_.call(id)) << "no container of the pod may run";
}

TEST_F(ClusterTest, AJobInAnUnknownNamespaceFailsWhenItsPodIsCreated) {
  JobOptions options;
  options.pod_namespace = "invalid-namespace";
  const std::string id = Submit("succeed", options);
  const auto failed = WaitFor(id, "failed");
  ASSERT_TRUE(failed);
  EXPECT_THAT(KindsOf(id), ElementsAre("submitted", "queued", "leased", "failed"));
  EXPECT_EQ(failed->failed().reason(), "namespaces \"invalid-namespace\" not found");
  EXPECT_FALSE(runner_.call(id));
  // Its lease is given back: the next job runs.
  ASSERT_TRUE(WaitFor(Submit("succeed"), "succeeded"));
}

TEST_F(ClusterTest, PodsCarryArmadasMetadataForTheDownwardApi) {
  const std::string id = Submit("succeed");
  const auto running = WaitFor(id, "running");
  ASSERT_TRUE(running);
  const auto call = runner_.call(id);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->pod.uid, running->running().kubernetes_id());
  EXPECT_EQ(call->pod.labels.at("armada_job_id"), id);
  EXPECT_EQ(call->pod.labels.at("armada_queue_id"), "q");
  EXPECT_EQ(call->pod.annotations.at("armada_jobset_id"), "s");
}

TEST_F(ClusterTest, WhatNeedsKubernetesIsRefusedWithAMachineReadableReason) {
  struct Case {
    std::function<void(api::JobSubmitRequestItem*)> edit;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](auto* item) { item->add_services()->add_ports(1000); }, "job_request_items[0].services"},
      {[](auto* item) {
         item->mutable_pod_specs(0)->mutable_containers(0)->set_image(
             "bitnamilegacy/kubectl:1.33.4");
       },
       "job_request_items[0].pod_specs[0].containers[0].image"},
      {[](auto* item) { item->mutable_pod_specs(0)->set_automountserviceaccounttoken(true); },
       "job_request_items[0].pod_specs[0].automountServiceAccountToken"},
  };
  for (const auto& c : cases) {
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    auto* item = request.add_job_request_items();
    auto* container = item->add_pod_specs()->add_containers();
    container->set_name("main");
    container->set_image("scripted");
    container->add_command("succeed");
    MakeSubmittable(item);
    c.edit(item);
    api::JobSubmitResponse response;
    const Status status = cluster_.Submit(request, &response);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(status.message(), AllOf(HasSubstr(c.field), HasSubstr("Kubernetes")));
    EXPECT_EQ(status.reason(), kNeedsKubernetesReason);
    EXPECT_EQ(status.metadata().at("field"), c.field);
  }
  EXPECT_TRUE(events_.Read("q", "s", "")->empty()) << "a refused submit leaves no job";
}

class TwoNodeClusterTest : public ClusterTest {
 protected:
  TwoNodeClusterTest() : ClusterTest(Settings(kTwoNodes)) {}

  static JobOptions NodeOps() {
    JobOptions options;
    options.node_selector["armadaproject.io/node-pool"] = "node-ops";
    options.tolerate_node_tests = true;
    return options;
  }
};

TEST_F(TwoNodeClusterTest, LabelsAndTaintsDecideWhereAJobGoes) {
  JobOptions tolerating;
  tolerating.tolerate_node_tests = true;
  JobOptions other_pool = NodeOps();
  other_pool.node_selector["armadaproject.io/node-pool"] = "gpu";
  JobOptions selected_untolerated = NodeOps();
  selected_untolerated.tolerate_node_tests = false;

  const std::string plain = Submit("run");
  const std::string ops = Submit("run", NodeOps());
  // Tolerating the taint allows node-ops but does not ask for it.
  const std::string tolerant = Submit("run", tolerating);
  const std::string nowhere = Submit("run", other_pool);
  const std::string refused = Submit("run", selected_untolerated);
  for (const std::string& id : {plain, ops}) ASSERT_TRUE(WaitFor(id, "running"));

  // Events name the node the job runs on, as the pod does.
  EXPECT_EQ(WaitFor(plain, "running")->running().node_name(), "worker");
  EXPECT_EQ(runner_.call(plain)->pod.node_name, "worker");
  EXPECT_EQ(WaitFor(ops, "running")->running().node_name(), "ops");
  EXPECT_EQ(runner_.call(ops)->pod.node_name, "ops");

  // Each node holds one job (1 CPU each): `tolerant` waits for the worker,
  // though it may go to ops, which is busy too.
  EXPECT_THAT(KindsOf(tolerant), ElementsAre("submitted", "queued"));
  ASSERT_TRUE(Cancel(plain).ok());
  ASSERT_TRUE(WaitFor(tolerant, "running"));
  EXPECT_EQ(WaitFor(tolerant, "running")->running().node_name(), "worker");

  // Free both nodes: the jobs no node accepts still never lease.
  ASSERT_TRUE(Cancel(ops).ok());
  ASSERT_TRUE(Cancel(tolerant).ok());
  ASSERT_TRUE(WaitFor(tolerant, "cancelled"));
  ASSERT_TRUE(WaitFor(ops, "cancelled"));
  const std::string after = Submit("succeed");
  ASSERT_TRUE(WaitFor(after, "succeeded"));
  EXPECT_THAT(KindsOf(nowhere), ElementsAre("submitted", "queued"));
  EXPECT_THAT(KindsOf(refused), ElementsAre("submitted", "queued"));
  EXPECT_FALSE(runner_.call(nowhere));
  EXPECT_FALSE(runner_.call(refused));
}

TEST_F(TwoNodeClusterTest, RequiredNodeAffinityPicksTheNodeAsASelectorDoes) {
  JobOptions affine;
  affine.tolerate_node_tests = true;
  affine.affinity_pools = {"node-ops", "other"};
  const std::string ops = Submit("succeed", affine);
  const auto succeeded = WaitFor(ops, "succeeded");
  ASSERT_TRUE(succeeded);
  EXPECT_EQ(succeeded->succeeded().node_name(), "ops");
  affine.affinity_pools = {"gpu"};
  const std::string nowhere = Submit("succeed", affine);
  ASSERT_TRUE(WaitFor(Submit("succeed"), "succeeded"));
  EXPECT_THAT(KindsOf(nowhere), ElementsAre("submitted", "queued"));
}

TEST_F(TwoNodeClusterTest, JobsThatDoNotTolerateTheTaintNeverGoToTheTaintedNode) {
  // The worker holds one job at a time and ops stays free all along.
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Submit("succeed"));
  for (const std::string& id : ids) {
    const auto succeeded = WaitFor(id, "succeeded");
    ASSERT_TRUE(succeeded);
    EXPECT_EQ(succeeded->succeeded().node_name(), "worker") << id;
  }
}

TEST_F(TwoNodeClusterTest, ANodeActionLeavesTheOtherNodesJobsRunning) {
  const std::string worker_job = Submit("run");
  const std::string ops_job = Submit("run", NodeOps());
  ASSERT_TRUE(WaitFor(worker_job, "running"));
  ASSERT_TRUE(WaitFor(ops_job, "running"));

  // As node_cancel_by_name_1x5.yaml asks: every job of the queue on node-ops.
  api::NodeCancelRequest cancel;
  cancel.set_name("ops");
  cancel.set_executor("test-cluster");
  cancel.add_queues("q");
  ASSERT_TRUE(cluster_.CancelOnNode(cancel).ok());
  ASSERT_TRUE(WaitFor(ops_job, "cancelled"));
  EXPECT_THAT(KindsOf(worker_job),
              ElementsAre("submitted", "queued", "leased", "pending", "running"));

  const std::string ops_again = Submit("run", NodeOps());
  ASSERT_TRUE(WaitFor(ops_again, "running"));
  api::NodePreemptRequest preempt;
  preempt.set_name("ops");
  preempt.set_executor("test-cluster");
  ASSERT_TRUE(cluster_.PreemptOnNode(preempt).ok());
  const auto failed = WaitFor(ops_again, "failed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->failed().node_name(), "ops");
  EXPECT_THAT(KindsOf(ops_again), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                              "preempting", "preempted", "failed"));
  EXPECT_THAT(KindsOf(worker_job),
              ElementsAre("submitted", "queued", "leased", "pending", "running"));

  // A node of no such name holds nothing.
  cancel.set_name("no-such-node");
  ASSERT_TRUE(cluster_.CancelOnNode(cancel).ok());
  cancel.set_name("worker");
  ASSERT_TRUE(cluster_.CancelOnNode(cancel).ok());
  ASSERT_TRUE(WaitFor(worker_job, "cancelled"));
}

// The size of this process's address space in KiB (VmSize).
int64_t VirtualKib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  int64_t value = 0;
  while (in >> key) {
    if (key == "VmSize:" && in >> value) return value;
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

TEST_F(ClusterTest, FinishedPodThreadsDoNotPileUp) {
  // Warm up: the first pods grow the heap and glibc's thread stack cache.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(WaitFor(Submit("succeed"), "succeeded"));
  const int64_t before = VirtualKib();
  constexpr int kJobs = 48;
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(WaitFor(Submit("succeed"), "succeeded"));
  // A thread that is never joined keeps its whole stack (8 MiB by default)
  // mapped; joined ones are reused. Allow far less than one stack per job.
  EXPECT_LT(VirtualKib() - before, kJobs * 8 * 1024 / 4)
      << "the address space grew by about one thread stack per job";
}

}  // namespace
}  // namespace armada::localstack

namespace armada::localstack {
namespace {

// A cluster built with a config of the test's own (retention, faults).
class ConfiguredCluster {
 public:
  explicit ConfiguredCluster(const std::function<void(ClusterConfig&)>& adjust)
      : executor_config_(ParseExecutorConfig(kConfig, "test.yaml")) {
    ClusterConfig config;
    config.cluster_id = "test-cluster";
    config.pool = "test-pool";
    config.capacity = {1000, int64_t{1} << 32};
    config.settings = Settings();
    adjust(config);
    cluster_ =
        std::make_unique<Cluster>(config, executor_config_->classifier, runner_, queues_, events_);
    api::Queue queue;
    queue.set_name("q");
    queue.set_priority_factor(1);
    EXPECT_TRUE(queues_.Create(queue).ok());
  }
  ~ConfiguredCluster() { cluster_->Shutdown(); }

  std::string Submit(const std::string& job_set, const std::string& script) {
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id(job_set);
    auto* item = request.add_job_request_items();
    item->set_namespace_("default");
    auto* c = item->add_pod_specs()->add_containers();
    c->set_name("main");
    c->set_image("scripted");
    c->add_command(script);
    (*c->mutable_resources()->mutable_requests())["cpu"].set_string("1");
    (*c->mutable_resources()->mutable_limits())["cpu"].set_string("1");
    api::JobSubmitResponse response;
    EXPECT_TRUE(cluster_->Submit(request, &response).ok());
    return response.job_response_items(0).job_id();
  }

  // The job set's event kinds once one of them is `kind` (at most 10 s).
  std::vector<std::string> WaitFor(const std::string& job_set, const std::string& kind) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::vector<std::string> kinds;
    std::string from;
    while (true) {
      auto entries = events_.Read("q", job_set, from);
      if (!entries.ok()) return kinds;
      for (const auto& e : *entries) {
        from = e.id;
        kinds.push_back(Kind(e.message));
        if (kinds.back() == kind) return kinds;
      }
      if (!events_.Wait("q", job_set, from, deadline)) return kinds;
    }
  }

  ScriptedPodRunner runner_;
  StatusOr<ExecutorConfig> executor_config_;
  QueueStore queues_;
  EventLog events_;
  std::unique_ptr<Cluster> cluster_;
};

TEST(ClusterRetention, FinishedJobSetsAreReleasedBeyondTheCount) {
  ConfiguredCluster c([](ClusterConfig& config) { config.retention.max_finished = 3; });
  constexpr int kJobSets = 300;
  for (int i = 0; i < kJobSets; ++i) {
    const std::string job_set = "s" + std::to_string(i);
    c.Submit(job_set, "succeed");
    ASSERT_EQ(c.WaitFor(job_set, "succeeded").back(), "succeeded") << job_set;
    // Bounded all along, not only at the end.
    EXPECT_LE(c.cluster_->JobCount(), 4u);
    EXPECT_LE(c.events_.JobSetCount(), 4u);
  }
  EXPECT_FALSE(c.events_.Exists("q", "s0"));
  EXPECT_TRUE(c.events_.Exists("q", "s" + std::to_string(kJobSets - 1)));
}

TEST(ClusterRetention, UnfinishedJobSetsAreKept) {
  ConfiguredCluster c([](ClusterConfig& config) {
    config.retention.max_finished = 0;
    config.capacity.milli_cpu = 2000;
  });
  const std::string running = c.Submit("long", "run");
  ASSERT_EQ(c.WaitFor("long", "running").back(), "running");
  c.Submit("short", "succeed");
  // Released as soon as it finished; the running one stays.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (c.events_.Exists("q", "short") && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(c.events_.Exists("q", "short"));
  EXPECT_TRUE(c.events_.Exists("q", "long"));
  EXPECT_EQ(c.cluster_->JobCount(), 1u);
}

TEST(ClusterFaults, DoublePreemptedLogsThePreemptedEventTwice) {
  ConfiguredCluster c([](ClusterConfig& config) { config.faults.double_preempted = true; });
  const std::string id = c.Submit("s", "run");
  ASSERT_EQ(c.WaitFor("s", "running").back(), "running");
  api::JobPreemptRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(id);
  api::PreemptionResult result;
  ASSERT_TRUE(c.cluster_->Preempt(request, &result).ok());
  EXPECT_THAT(c.WaitFor("s", "failed"),
              ElementsAre("submitted", "queued", "leased", "pending", "running", "preempting",
                          "preempted", "preempted", "failed"));
}

}  // namespace
}  // namespace armada::localstack
