// Where armada-localstack answers as Armada does: each test calls the public
// gRPC API as a client would and asserts the answer of Armada's server, whose
// source file (path@tag) the test names. A deliberate difference is not here
// but in README.md's "armada-localstack vs Armada" table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "api/localstack_protocol.h"
#include "localstack/testing/localstack_test_server.h"

namespace armada::localstack {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// The executor config of the later generation (map-shaped errorCategories),
// which armada-localstack answers as v0.22.7.
std::string CurrentExecutorConfig() {
  return ARMADA_TS_SOURCE_DIR "/e2e-config/executor_config.current.yaml";
}

api::JobSubmitRequest Request(const std::string& queue, const api::JobSubmitRequestItem& item) {
  api::JobSubmitRequest request;
  request.set_queue(queue);
  request.set_job_set_id("s");
  *request.add_job_request_items() = item;
  return request;
}

grpc::Status SubmitTo(LocalStack& stack, const std::string& queue,
                      const api::JobSubmitRequestItem& item) {
  return stack.Submit(queue, "s", item, nullptr);
}

k8s::io::api::core::v1::ResourceRequirements* ResourcesOf(api::JobSubmitRequestItem* item) {
  return item->mutable_pod_specs(0)->mutable_containers(0)->mutable_resources();
}

// The job of the submitted event of `id`.
api::Job SubmittedJob(LocalStack& stack, const std::string& id) {
  for (const auto& e : stack.Read("s")) {
    if (Kind(e) == "submitted" && JobIdOf(e) == id) return e.message().submitted().job();
  }
  ADD_FAILURE() << "no submitted event for " << id;
  return {};
}

// --- Submit: internal/server/submit/submit.go and validation/ ---------------

// validateHasNamespace, internal/server/submit/validation/submit_request.go@v0.22.7
// (the same at v0.20.40). Armada's Python client sends an empty namespace by default.
TEST(Conformance, SubmitWithoutNamespaceIsInvalidArgument) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  item.clear_namespace_();
  const grpc::Status status = SubmitTo(stack, "q", item);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("namespace is a required field"));
}

// validateResources, internal/server/submit/validation/submit_request.go@v0.22.7
// (the same at v0.20.40), at the default maxOversubscriptionByResourceRequest 1.0.
TEST(Conformance, SubmitRefusesContainersBreakingArmadasResourceRules) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem none = Job({"true"});
  ResourcesOf(&none)->Clear();
  const grpc::Status no_resources = SubmitTo(stack, "q", none);
  EXPECT_EQ(no_resources.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_resources.error_message(), HasSubstr("container main has no resources specified"));

  api::JobSubmitRequestItem above = Job({"true"}, "64Mi");
  (*ResourcesOf(&above)->mutable_limits())["memory"].set_string("128Mi");
  const grpc::Status oversubscribed = SubmitTo(stack, "q", above);
  EXPECT_EQ(oversubscribed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(oversubscribed.error_message(),
              HasSubstr("container main defines memory with limits great than 1.00*requests"));

  api::JobSubmitRequestItem request_only = Job({"true"});
  ResourcesOf(&request_only)->mutable_limits()->clear();
  const grpc::Status different = SubmitTo(stack, "q", request_only);
  EXPECT_EQ(different.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(different.error_message(),
              HasSubstr("container main defines different resources for requests and limits"));
  EXPECT_TRUE(stack.Read("s").empty()) << "a refused submit leaves no job";
}

// defaultResource, internal/server/submit/conversion/post_process.go@v0.22.7, with
// submission.defaultJobLimits of config/server/config.yaml@v0.22.7; the submitted
// event's scheduling requirements as SchedulingResourceRequirementsFromPodSpec,
// pkg/api/util.go@v0.22.7.
TEST(Conformance, ResourcesAContainerLeavesOutAreArmadasDefaults) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"true"}, "64Mi"));
  const api::Job job = SubmittedJob(stack, id);
  ASSERT_EQ(job.pod_specs_size(), 1);
  const auto& resources = job.pod_specs(0).containers(0).resources();
  for (const auto* map : {&resources.requests(), &resources.limits()}) {
    EXPECT_EQ(map->at("cpu").string(), "100m") << "given, kept";
    EXPECT_EQ(map->at("memory").string(), "64Mi") << "given, kept";
    EXPECT_EQ(map->at("ephemeral-storage").string(), "8Gi") << "Armada's default";
  }
  const auto& scheduling = job.scheduling_resource_requirements();
  EXPECT_EQ(scheduling.requests().at("memory").string(), "64Mi");
  EXPECT_EQ(scheduling.limits().at("memory").string(), "64Mi");
  EXPECT_EQ(scheduling.limits().at("ephemeral-storage").string(), "8Gi");
  EXPECT_EQ(job.namespace_(), "default");
}

// The same rule with the defaults localstack.yaml sets (Armada's operators set
// submission.defaultJobLimits in the server's config).
TEST(Conformance, DefaultJobLimitsComeFromLocalstackYaml) {
  const std::string dir = MakeTempDir("conformance-config");
  const std::string config = dir + "/localstack.yaml";
  {
    std::ifstream shipped(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
    std::ofstream out(config);
    out << shipped.rdbuf() << "\ndefaultJobLimits: {memory: 32Mi, ephemeral-storage: 1Gi}\n";
  }
  LocalStack stack({"--localstack-config", config});
  api::JobSubmitRequestItem item = Job({"true"});
  auto* resources = item.mutable_pod_specs(0)->mutable_containers(0)->mutable_resources();
  resources->mutable_requests()->erase("memory");
  resources->mutable_limits()->erase("memory");
  const std::string id = stack.MustSubmit(item);
  const api::Job job = SubmittedJob(stack, id);
  const auto& limits = job.pod_specs(0).containers(0).resources().limits();
  EXPECT_EQ(limits.at("memory").string(), "32Mi");
  EXPECT_EQ(limits.at("ephemeral-storage").string(), "1Gi");
  EXPECT_EQ(limits.at("cpu").string(), "100m");
  std::filesystem::remove_all(dir);
}

// SubmitJobs authorizes against the queue cache first,
// internal/server/submit/submit.go@v0.22.7; ErrQueueNotFound's words,
// internal/server/queue/queue_repository.go@v0.22.7.
TEST(Conformance, SubmitToAnUnknownQueueIsPermissionDenied) {
  LocalStack stack;
  const grpc::Status status = SubmitTo(stack, "nobody", Job({"true"}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(), "could not find queue \"nobody\"");
}

// A cordoned queue is the scheduler's business, not the submit server's
// (internal/server/submit/submit.go@v0.22.7 does not look at it): the job is
// accepted and stays queued until the queue is uncordoned.
TEST(Conformance, ACordonedQueueTakesJobsAndKeepsThemQueued) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  google::protobuf::Empty empty;
  grpc::ClientContext c1;
  api::QueueCordonRequest cordon;
  cordon.set_name("q");
  ASSERT_TRUE(stack.queues().CordonQueue(&c1, cordon, &empty).ok());
  std::string held;
  ASSERT_TRUE(stack.Submit("q", "s", Job({"true"}), &held).ok());
  // Another queue's job runs to its end meanwhile, so the held one had its chance.
  ASSERT_TRUE(stack.CreateQueue("other").ok());
  std::string other;
  ASSERT_TRUE(stack.Submit("other", "s", Job({"true"}), &other).ok());
  api::JobSetRequest watch;
  watch.set_queue("other");
  watch.set_id("s");
  watch.set_watch(true);
  grpc::ClientContext wctx;
  wctx.set_deadline(std::chrono::system_clock::now() + kJobTimeout);
  auto reader = stack.events().GetJobSetEvents(&wctx, watch);
  api::EventStreamMessage m;
  while (reader->Read(&m) && !IsTerminal(Kind(m))) {
  }
  wctx.TryCancel();
  reader->Finish();
  EXPECT_EQ(Kind(stack.Read("s").back()), "queued");

  grpc::ClientContext c2;
  api::QueueUncordonRequest uncordon;
  uncordon.set_name("q");
  ASSERT_TRUE(stack.queues().UncordonQueue(&c2, uncordon, &empty).ok());
  EXPECT_EQ(Kind(stack.UntilTerminal(held).back()), "succeeded");
}

// Docker's reference normalisation: the kubelet pulls these as the same image.
TEST(Conformance, DockerHubsLongImageNamesAreTheShortOnes) {
  LocalStack stack;
  for (const std::string image :
       {"docker.io/library/alpine:3", "index.docker.io/library/alpine:3", "docker.io/alpine:3"}) {
    api::JobSubmitRequestItem item = Job({"true"});
    item.mutable_pod_specs(0)->mutable_containers(0)->set_image(image);
    const std::string id = stack.MustSubmit(item);
    EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "succeeded") << image;
  }
}

// --- Actions on jobs: internal/server/submit/submit.go ----------------------

// CancelJobs answers every id asked (eventSequenceForJobIds,
// internal/server/submit/submit.go@v0.22.7); only jobs of the request's queue
// and job set are cancelled, as the scheduler acts on the event sequence's.
TEST(Conformance, CancelAnswersEveryIdAndActsOnlyInItsJobSet) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(id, "running");

  api::JobCancelRequest elsewhere;
  elsewhere.set_queue("q");
  elsewhere.set_job_set_id("another-set");
  elsewhere.add_job_ids(id);
  elsewhere.add_job_ids("01unknownjob");
  api::CancellationResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&ctx, elsewhere, &result).ok());
  EXPECT_THAT(result.cancelled_ids(), ElementsAre(id, "01unknownjob"));
  EXPECT_EQ(Kind(stack.Read("s").back()), "running") << "another job set's request";

  api::JobCancelRequest right = elsewhere;
  right.set_job_set_id("s");
  api::CancellationResult cancelled;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stack.submit().CancelJobs(&ctx2, right, &cancelled).ok());
  EXPECT_THAT(cancelled.cancelled_ids(), ElementsAre(id, "01unknownjob"));
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "cancelled");
}

// authorize returns ErrQueueNotFound unwrapped, so gRPC answers UNKNOWN
// (internal/server/submit/submit.go@v0.22.7).
TEST(Conformance, ActionsOnAnUnknownQueueAreUnknown) {
  LocalStack stack;
  api::JobCancelRequest cancel;
  cancel.set_queue("nobody");
  cancel.set_job_set_id("s");
  cancel.add_job_ids("01job");
  api::CancellationResult cancelled;
  grpc::ClientContext c1;
  const grpc::Status c = stack.submit().CancelJobs(&c1, cancel, &cancelled);
  EXPECT_EQ(c.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(c.error_message(), "could not find queue \"nobody\"");

  api::JobPreemptRequest preempt;
  preempt.set_queue("nobody");
  preempt.set_job_set_id("s");
  api::PreemptionResult preempted;
  grpc::ClientContext c2;
  EXPECT_EQ(stack.submit().PreemptJobs(&c2, preempt, &preempted).error_code(),
            grpc::StatusCode::UNKNOWN);

  api::JobReprioritizeRequest reprioritize;
  reprioritize.set_queue("nobody");
  reprioritize.set_job_set_id("s");
  api::JobReprioritizeResponse reprioritized;
  grpc::ClientContext c3;
  EXPECT_EQ(stack.submit().ReprioritizeJobs(&c3, reprioritize, &reprioritized).error_code(),
            grpc::StatusCode::UNKNOWN);

  api::JobSetCancelRequest cancel_set;
  cancel_set.set_queue("nobody");
  cancel_set.set_job_set_id("s");
  google::protobuf::Empty empty;
  grpc::ClientContext c4;
  EXPECT_EQ(stack.submit().CancelJobSet(&c4, cancel_set, &empty).error_code(),
            grpc::StatusCode::UNKNOWN);
}

// ValidateQueueAndJobSet, internal/server/submit/validation/job_set.go@v0.22.7.
TEST(Conformance, ActionsWithoutQueueOrJobSetAreInvalidArgument) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobPreemptRequest preempt;
  preempt.set_queue("q");
  preempt.add_job_ids("01job");
  api::PreemptionResult result;
  grpc::ClientContext ctx;
  const grpc::Status status = stack.submit().PreemptJobs(&ctx, preempt, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("jobset cannot be empty"));
}

// PreemptJobs and ReprioritizeJobs answer "" for each id, without looking the
// jobs up; a whole job set's reprioritization answers one entry
// (internal/server/submit/submit.go@v0.22.7). Events: JobPreemptionRequested
// becomes `preempting` whatever the job's state; ReprioritiseJobSet shows no
// event, its jobs only `reprioritized`
// (internal/server/event/conversion/conversions.go@v0.22.7).
TEST(Conformance, PreemptAndReprioritizeAnswerWithoutLookingJobsUp) {
  LocalStack stack;
  const std::string running = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(running, "running");

  api::JobReprioritizeRequest whole;
  whole.set_queue("q");
  whole.set_job_set_id("s");
  whole.set_new_priority(3);
  api::JobReprioritizeResponse reprioritized;
  grpc::ClientContext c1;
  ASSERT_TRUE(stack.submit().ReprioritizeJobs(&c1, whole, &reprioritized).ok());
  EXPECT_THAT(reprioritized.reprioritization_results(),
              UnorderedElementsAre(Pair("all jobs in job set s", "")));
  const Events after = stack.UntilKind(running, "reprioritized");
  EXPECT_EQ(Kind(after[after.size() - 2]), "running") << "no reprioritizing before it";

  api::JobPreemptRequest preempt;
  preempt.set_queue("q");
  preempt.set_job_set_id("s");
  preempt.add_job_ids(running);
  preempt.add_job_ids("01unknownjob");
  api::PreemptionResult preempted;
  grpc::ClientContext c2;
  ASSERT_TRUE(stack.submit().PreemptJobs(&c2, preempt, &preempted).ok());
  EXPECT_THAT(preempted.preemption_results(),
              UnorderedElementsAre(Pair(running, ""), Pair("01unknownjob", "")));
  const Events ended = stack.UntilTerminal(running);
  EXPECT_EQ(Kind(ended[ended.size() - 3]), "preempting");
  EXPECT_EQ(Kind(ended[ended.size() - 2]), "preempted");
}

// ValidateJobSetFilter returns a plain error, so gRPC answers UNKNOWN
// (internal/server/submit/validation/job_set.go@v0.22.7, the same at v0.20.40).
TEST(Conformance, CancellingPendingWithoutRunningIsUnknown) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSetCancelRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.mutable_filter()->add_states(api::PENDING);
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  const grpc::Status status = stack.submit().CancelJobSet(&ctx, request, &empty);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_THAT(status.error_message(),
              HasSubstr("PENDING and RUNNING must always be used together"));
}

// ValidateReason (MaxReasonBytes 50), internal/server/submit/validation/job_set.go@v0.22.7;
// v0.20.40 has no such rule.
TEST(Conformance, ReasonsOver50BytesAreRefusedFromV0227Only) {
  const std::string long_reason(51, 'r');
  for (const bool current : {true, false}) {
    ServerOptions options;
    if (current) options.executor_config = CurrentExecutorConfig();
    LocalStack stack(options);
    ASSERT_TRUE(stack.CreateQueue("q").ok());
    api::JobCancelRequest cancel;
    cancel.set_queue("q");
    cancel.set_job_set_id("s");
    cancel.add_job_ids("01job");
    cancel.set_reason(long_reason);
    api::CancellationResult result;
    grpc::ClientContext ctx;
    const grpc::Status status = stack.submit().CancelJobs(&ctx, cancel, &result);
    if (current) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_THAT(status.error_message(), HasSubstr("reason cannot be longer than 50 bytes"));
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  }
}

// --- Queues: internal/server/queue/queue_service.go, pkg/client/queue/ ------

// NewPriorityFactor and NewPermissionSubjectKind, pkg/client/queue/@v0.22.7.
TEST(Conformance, QueuesArmadaCannotMapAreInvalidArgument) {
  LocalStack stack;
  api::Queue low;
  low.set_name("low");
  low.set_priority_factor(0.5);
  google::protobuf::Empty empty;
  grpc::ClientContext c1;
  const grpc::Status factor = stack.queues().CreateQueue(&c1, low, &empty);
  EXPECT_EQ(factor.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(factor.error_message(), HasSubstr("priority factor cannot be lower than 1.0"));

  api::Queue robot;
  robot.set_name("robot");
  robot.set_priority_factor(1);
  auto* subject = robot.add_permissions()->add_subjects();
  subject->set_kind("ServiceAccount");
  subject->set_name("ci");
  grpc::ClientContext c2;
  const grpc::Status kind = stack.queues().CreateQueue(&c2, robot, &empty);
  EXPECT_EQ(kind.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(kind.error_message(), HasSubstr("invalid kind value: ServiceAccount"));
}

// DeleteQueue answers OK for a queue that does not exist
// (internal/server/queue/queue_service.go@v0.22.7).
TEST(Conformance, DeletingAMissingQueueIsOk) {
  LocalStack stack;
  api::QueueDeleteRequest request;
  request.set_name("nobody");
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  EXPECT_TRUE(stack.queues().DeleteQueue(&ctx, request, &empty).ok());
}

// CancelOnQueue, internal/server/queue/queue_service.go@v0.22.7.
TEST(Conformance, CancelOnQueueCancelsTheQueuesJobs) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(id, "running");
  api::QueueCancelRequest request;
  request.set_name("q");
  request.add_jobstates(api::SUCCEEDED);
  google::protobuf::Empty empty;
  grpc::ClientContext c1;
  const grpc::Status terminal = stack.queues().CancelOnQueue(&c1, request, &empty);
  EXPECT_EQ(terminal.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(terminal.error_message(), "provided job states must be non-terminal");
  request.clear_jobstates();
  request.add_jobstates(api::RUNNING);
  grpc::ClientContext c2;
  ASSERT_TRUE(stack.queues().CancelOnQueue(&c2, request, &empty).ok());
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "cancelled");
}

// --- Events: internal/server/event/event.go ---------------------------------

TEST(Conformance, EventsOfAMissingQueueAreNotFound) {
  LocalStack stack;
  api::JobSetRequest request;
  request.set_queue("nobody");
  request.set_id("s");
  grpc::ClientContext ctx;
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  api::EventStreamMessage m;
  EXPECT_FALSE(reader->Read(&m));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "[GetJobSetEvents] Queue nobody does not exist");
}

// --- Scheduling -------------------------------------------------------------

// A job asking for what no node offers stays queued, as Armada's scheduler
// leaves it; armada-localstack also logs why (api/localstack_protocol.h).
TEST(Conformance, AJobAskingForAGpuStaysQueuedAndTheLogSaysWhy) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"true"});
  for (auto* map : {ResourcesOf(&item)->mutable_requests(), ResourcesOf(&item)->mutable_limits()}) {
    (*map)["nvidia.com/gpu"].set_string("1");
  }
  const std::string gpu = stack.MustSubmit(item);
  // A later job runs to its end meanwhile, so the first had its chance.
  const std::string plain = stack.MustSubmit(Job({"true"}));
  EXPECT_EQ(Kind(stack.UntilTerminal(plain).back()), "succeeded");
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == gpu) kinds.push_back(Kind(e));
  }
  EXPECT_THAT(kinds, ElementsAre("submitted", "queued"));
  EXPECT_THAT(stack.log(), HasSubstr("job " + gpu + kFitsNoNodeWarning +
                                     "it requests nvidia.com/gpu, which no node offers"));
}

}  // namespace
}  // namespace armada::localstack
