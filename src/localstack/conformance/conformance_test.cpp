// Where armada-localstack answers as Armada does: each test calls the public
// gRPC API as a client would and asserts the answer of Armada's server, whose
// source file (path@tag) the test names. A deliberate difference is not here
// but in README.md's "armada-localstack vs Armada" table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "api/binoculars.grpc.pb.h"
#include "api/job.grpc.pb.h"
#include "api/localstack_protocol.h"
#include "localstack/testing/localstack_test_server.h"

// A queue's resource_limits is deprecated: a row checks that Armada's shape drops it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

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

TEST(Conformance, AJobLargerThanEveryNodeStaysQueuedAndTheLogSaysItsSizeInUnits) {
  LocalStack stack;
  const std::string big = stack.MustSubmit(Job({"true"}, "1Pi"));
  const std::string plain = stack.MustSubmit(Job({"true"}));
  EXPECT_EQ(Kind(stack.UntilTerminal(plain).back()), "succeeded");
  EXPECT_THAT(stack.log(), HasSubstr("job " + big + kFitsNoNodeWarning +
                                     "it requests 100m cpu and "
                                     "1.0Pi of memory, more than any node that accepts it has"));
}

// --- The query API: internal/server/queryapi/query_api.go -------------------

// GetJobStatus answers every id (UNKNOWN for one it does not know); details,
// runs and errors leave unknown ids out; the states and runs are those
// Lookout's ingester writes (internal/lookoutingester/instructions/
// instructions.go@v0.22.7). The same API at v0.20.40.
TEST(Conformance, TheQueryApiAnswersAJobsStateDetailsRunAndError) {
  LocalStack stack;
  const std::string ok = stack.MustSubmit(Job({"true"}));
  const std::string failed = stack.MustSubmit(Job({"sh", "-c", "exit 3"}));
  stack.UntilTerminal(ok);
  stack.UntilTerminal(failed);
  auto jobs = api::Jobs::NewStub(stack.channel());

  api::JobStatusRequest status_request;
  for (const auto& id : {ok, failed, std::string("01unknownjob")}) status_request.add_job_ids(id);
  api::JobStatusResponse states;
  grpc::ClientContext c1;
  ASSERT_TRUE(jobs->GetJobStatus(&c1, status_request, &states).ok());
  EXPECT_THAT(states.job_states(),
              UnorderedElementsAre(Pair(ok, api::SUCCEEDED), Pair(failed, api::FAILED),
                                   Pair("01unknownjob", api::UNKNOWN)));

  api::JobDetailsRequest details_request;
  details_request.add_job_ids(ok);
  details_request.add_job_ids("01unknownjob");
  details_request.set_expand_job_run(true);
  api::JobDetailsResponse details;
  grpc::ClientContext c2;
  ASSERT_TRUE(jobs->GetJobDetails(&c2, details_request, &details).ok());
  ASSERT_EQ(details.job_details().size(), 1u) << "an unknown id is left out";
  const api::JobDetails& job = details.job_details().at(ok);
  EXPECT_EQ(job.queue(), "q");
  EXPECT_EQ(job.jobset(), "s");
  EXPECT_EQ(job.namespace_(), "default");
  EXPECT_EQ(job.state(), api::SUCCEEDED);
  EXPECT_FALSE(job.has_job_spec()) << "only with expand_job_spec";
  ASSERT_EQ(job.job_runs_size(), 1);
  EXPECT_EQ(job.job_runs(0).run_id(), job.latest_run_id());
  EXPECT_EQ(job.job_runs(0).state(), api::RUN_STATE_SUCCEEDED);
  EXPECT_EQ(job.job_runs(0).node(), "armada-test-worker");
  EXPECT_TRUE(job.job_runs(0).has_started_ts());
  EXPECT_TRUE(job.job_runs(0).has_finished_ts());

  api::JobRunDetailsRequest runs_request;
  runs_request.add_run_ids(job.latest_run_id());
  runs_request.add_run_ids("no-such-run");
  api::JobRunDetailsResponse runs;
  grpc::ClientContext c3;
  ASSERT_TRUE(jobs->GetJobRunDetails(&c3, runs_request, &runs).ok());
  ASSERT_EQ(runs.job_run_details().size(), 1u);
  EXPECT_EQ(runs.job_run_details().at(job.latest_run_id()).job_id(), ok);

  api::JobErrorsRequest errors_request;
  for (const auto& id : {ok, failed, std::string("01unknownjob")}) errors_request.add_job_ids(id);
  api::JobErrorsResponse errors;
  grpc::ClientContext c4;
  ASSERT_TRUE(jobs->GetJobErrors(&c4, errors_request, &errors).ok());
  ASSERT_EQ(errors.job_errors().size(), 2u);
  EXPECT_EQ(errors.job_errors().at(ok), "");
  EXPECT_THAT(errors.job_errors().at(failed), HasSubstr("exit code 3"));
}

// GetJobStatusUsingExternalJobUri: the field, else the legacy annotation
// (instructions.go@v0.22.7); an empty URI is a plain error, so UNKNOWN.
TEST(Conformance, AJobIsFoundByItsExternalJobUri) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"true"});
  (*item.mutable_annotations())["armadaproject.io/externalJobUri"] = "airflow://dag/1";
  const std::string id = stack.MustSubmit(item);
  stack.MustSubmit(Job({"true"}));
  auto jobs = api::Jobs::NewStub(stack.channel());
  api::JobStatusUsingExternalJobUriRequest request;
  request.set_queue("q");
  request.set_jobset("s");
  api::JobStatusResponse response;
  grpc::ClientContext c1;
  const grpc::Status empty = jobs->GetJobStatusUsingExternalJobUri(&c1, request, &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(empty.error_message(), "request must contain external job uri");
  request.set_external_job_uri("airflow://dag/1");
  grpc::ClientContext c2;
  ASSERT_TRUE(jobs->GetJobStatusUsingExternalJobUri(&c2, request, &response).ok());
  EXPECT_THAT(response.job_states(), ElementsAre(Pair(id, ::testing::_)));
}

// --- The deprecated Event.Watch: internal/server/event/event.go -------------

// Watch is GetJobSetEvents with watch and errorIfMissing (event.go@v0.22.7,
// the same at v0.20.40).
TEST(Conformance, WatchStreamsAJobSetAndRefusesOneThatDoesNotExist) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"true"}));
  stack.UntilTerminal(id);
  api::WatchRequest missing;
  missing.set_queue("q");
  missing.set_job_set_id("never");
  grpc::ClientContext c1;
  auto refused = stack.events().Watch(&c1, missing);
  api::EventStreamMessage m;
  EXPECT_FALSE(refused->Read(&m));
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::NOT_FOUND);

  api::WatchRequest request = missing;
  request.set_job_set_id("s");
  grpc::ClientContext c2;
  auto reader = stack.events().Watch(&c2, request);
  std::vector<std::string> kinds;
  while (reader->Read(&m)) {
    kinds.push_back(Kind(m));
    if (IsTerminal(kinds.back())) break;
  }
  c2.TryCancel();
  reader->Finish();
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.front(), "submitted");
  EXPECT_EQ(kinds.back(), "succeeded") << "a watch, as Armada's";
}

// --- Binoculars: internal/binoculars/ ---------------------------------------

// Cordon (service/cordon.go@v0.22.7): an unknown node is the Kubernetes API's
// refusal, wrapped in a plain error (UNKNOWN); a cordoned node takes no more
// jobs. Logs ask Kubernetes in the request's namespace, "default" when empty
// (service/logs.go@v0.22.7).
TEST(Conformance, BinocularsCordonsANodeAndReadsLogsInTheirNamespace) {
  LocalStack stack;
  auto binoculars = binoculars::Binoculars::NewStub(stack.channel());
  binoculars::CordonRequest unknown;
  unknown.set_node_name("nowhere");
  google::protobuf::Empty empty;
  grpc::ClientContext c1;
  const grpc::Status refused = binoculars->Cordon(&c1, unknown, &empty);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(refused.error_message(), "failed to cordon node nowhere: nodes \"nowhere\" not found");

  const std::string echo = stack.MustSubmit(Job({"echo", "hello"}));
  stack.UntilTerminal(echo);
  binoculars::LogRequest logs;
  logs.set_job_id(echo);
  binoculars::LogResponse lines;
  grpc::ClientContext c2;
  ASSERT_TRUE(binoculars->Logs(&c2, logs, &lines).ok()) << "empty: default";
  logs.set_pod_namespace("elsewhere");
  grpc::ClientContext c3;
  EXPECT_EQ(binoculars->Logs(&c3, logs, &lines).error_code(), grpc::StatusCode::NOT_FOUND);

  const std::string running = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(running, "running");
  binoculars::CordonRequest cordon;
  cordon.set_node_name("armada-test-worker");
  grpc::ClientContext c4;
  ASSERT_TRUE(binoculars->Cordon(&c4, cordon, &empty).ok());
  const std::string waiting = stack.MustSubmit(Job({"true"}));
  api::JobCancelRequest cancel;
  cancel.set_queue("q");
  cancel.set_job_set_id("s");
  cancel.add_job_ids(running);
  api::CancellationResult result;
  grpc::ClientContext c5;
  ASSERT_TRUE(stack.submit().CancelJobs(&c5, cancel, &result).ok());
  stack.UntilTerminal(running);
  // The node was freed and scheduled in the same step that logged the end.
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == waiting) kinds.push_back(Kind(e));
  }
  EXPECT_THAT(kinds, ElementsAre("submitted", "queued"));
}

// --- Retry policies: internal/server/retrypolicy/ (v0.22.7 only) ------------

TEST(Conformance, RetryPoliciesAreServedAtV0227AndUnknownAtV02040) {
  for (const bool current : {true, false}) {
    ServerOptions options;
    if (current) options.executor_config = CurrentExecutorConfig();
    LocalStack stack(options);
    auto policies = api::RetryPolicyService::NewStub(stack.channel());
    api::RetryPolicy policy;
    policy.set_name("retry-oom");
    policy.set_retry_limit(2);
    policy.set_default_action(api::RETRY_ACTION_FAIL);
    auto* rule = policy.add_rules();
    rule->set_action(api::RETRY_ACTION_RETRY);
    rule->set_on_category("oom");
    google::protobuf::Empty empty;
    grpc::ClientContext c1;
    const grpc::Status created = policies->CreateRetryPolicy(&c1, policy, &empty);
    if (!current) {
      EXPECT_EQ(created.error_code(), grpc::StatusCode::UNIMPLEMENTED);
      continue;
    }
    ASSERT_TRUE(created.ok()) << created.error_message();
    // validation.go@v0.22.7
    api::RetryPolicy bad = policy;
    bad.set_default_action(api::RETRY_ACTION_UNSPECIFIED);
    grpc::ClientContext c2;
    const grpc::Status invalid = policies->CreateRetryPolicy(&c2, bad, &empty);
    EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(invalid.error_message(),
              "invalid retry policy: retry policy \"retry-oom\" must set a default action (Fail "
              "or Retry)");
    // service.go@v0.22.7
    api::RetryPolicyGetRequest get;
    get.set_name("absent");
    api::RetryPolicy got;
    grpc::ClientContext c3;
    const grpc::Status missing = policies->GetRetryPolicy(&c3, get, &got);
    EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(missing.error_message(), "error: could not find retry policy \"absent\"");
    api::RetryPolicyList list;
    grpc::ClientContext c4;
    ASSERT_TRUE(policies->GetRetryPolicies(&c4, {}, &list).ok());
    ASSERT_EQ(list.retry_policies_size(), 1);
    EXPECT_EQ(list.retry_policies(0).rules(0).on_category(), "oom");
    // A queue names only policies that exist (queue_repository.go@v0.22.7).
    api::Queue queue;
    queue.set_name("retrying");
    queue.set_priority_factor(1);
    queue.add_retry_policies("retry-oom");
    queue.add_retry_policies("absent");
    grpc::ClientContext c5;
    const grpc::Status unknown = stack.queues().CreateQueue(&c5, queue, &empty);
    EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(unknown.error_message(),
              "error creating queue: retry policies do not exist: \"absent\"");
  }
}

// --- Queues as Armada stores them: pkg/client/queue/queue.go ----------------

// NewQueue turns owners into one permission with every verb and ToAPI leaves
// out the owners and the deprecated resource_limits (queue.go@v0.22.7, the
// same at v0.20.40).
TEST(Conformance, QueueOwnersComeBackAsPermissions) {
  LocalStack stack;
  api::Queue queue;
  queue.set_name("owned");
  queue.set_priority_factor(2);
  queue.add_user_owners("alice");
  queue.add_group_owners("team");
  (*queue.mutable_resource_limits())["cpu"] = 0.5;
  google::protobuf::Empty empty;
  grpc::ClientContext c1;
  ASSERT_TRUE(stack.queues().CreateQueue(&c1, queue, &empty).ok());
  api::QueueGetRequest get;
  get.set_name("owned");
  api::Queue stored;
  grpc::ClientContext c2;
  ASSERT_TRUE(stack.queues().GetQueue(&c2, get, &stored).ok());
  EXPECT_THAT(stored.user_owners(), IsEmpty());
  EXPECT_THAT(stored.group_owners(), IsEmpty());
  EXPECT_THAT(stored.resource_limits(), IsEmpty());
  EXPECT_EQ(stored.priority_factor(), 2);
  ASSERT_EQ(stored.permissions_size(), 1);
  const auto& permission = stored.permissions(0);
  ASSERT_EQ(permission.subjects_size(), 2);
  EXPECT_EQ(permission.subjects(0).kind(), "User");
  EXPECT_EQ(permission.subjects(0).name(), "alice");
  EXPECT_EQ(permission.subjects(1).kind(), "Group");
  EXPECT_EQ(permission.subjects(1).name(), "team");
  EXPECT_THAT(permission.verbs(),
              ElementsAre("submit", "cancel", "preempt", "reprioritize", "watch"));
}

// --- The submitted event: internal/server/submit/conversion/post_process.go -

// podLevelProcessors with submission: of config/server/config.yaml@v0.22.7
// (the same at v0.20.40): deadline, priority class, tolerations, grace period.
TEST(Conformance, TheSubmittedJobCarriesArmadasSubmissionDefaults) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"true"}));
  const api::Job job = SubmittedJob(stack, id);
  const auto& pod = job.pod_specs(0);
  EXPECT_EQ(pod.activedeadlineseconds(), 259200) << "defaultActiveDeadline 72h";
  EXPECT_EQ(pod.priorityclassname(), "armada-default");
  EXPECT_EQ(pod.terminationgraceperiodseconds(), 1) << "minTerminationGracePeriod 1s";
  std::vector<std::string> tolerations;
  for (const auto& t : pod.tolerations()) {
    tolerations.push_back(t.key() + " " + t.operator_() + " " + t.value() + " " + t.effect());
  }
  EXPECT_THAT(tolerations, ElementsAre("armadaproject.io/armada Equal true NoSchedule",
                                       "armadaproject.io/pc-armada-default Equal true NoSchedule"));
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "succeeded");
}

// --- Cancelling by id: internal/server/submit/submit.go ---------------------

// eventSequenceForJobIds logs a CancelJob for every id asked, shown as
// `cancelling` in the request's job set (conversions.go@v0.22.7), whatever the
// job is; only jobs not yet ended are then cancelled.
TEST(Conformance, CancellingByIdLogsCancellingForEveryId) {
  LocalStack stack;
  const std::string done = stack.MustSubmit(Job({"true"}));
  stack.UntilTerminal(done);
  const std::string running = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(running, "running");
  api::JobCancelRequest cancel;
  cancel.set_queue("q");
  cancel.set_job_set_id("s");
  for (const auto& id : {done, running, std::string("01unknownjob")}) cancel.add_job_ids(id);
  api::CancellationResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&ctx, cancel, &result).ok());
  EXPECT_EQ(Kind(stack.UntilTerminal(running).back()), "cancelled");
  std::map<std::string, std::vector<std::string>> kinds;
  for (const auto& e : stack.Read("s")) kinds[JobIdOf(e)].push_back(Kind(e));
  EXPECT_EQ(kinds[done].back(), "cancelling") << "after its succeeded";
  EXPECT_THAT(kinds["01unknownjob"], ElementsAre("cancelling"));
  const auto& run = kinds[running];
  EXPECT_EQ(std::count(run.begin(), run.end(), "cancelling"), 1);
}

}  // namespace
}  // namespace armada::localstack
