// End-to-end: starts the real armada-localstack binary, finds its port from
// the "listening on" line, and drives it through the generated gRPC clients.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "api/event.grpc.pb.h"
#include "api/google_rpc.pb.h"
#include "api/submit.grpc.pb.h"
#include "localstack/cgroup.h"

namespace armada::localstack {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using Events = std::vector<api::EventStreamMessage>;

constexpr auto kJobTimeout = std::chrono::seconds(20);

std::string ServerBinary() { return ARMADA_TS_BINARY_DIR "/bin/armada-localstack"; }

std::string ExecutorConfig() { return ARMADA_TS_SOURCE_DIR "/e2e-config/executor_config.yaml"; }

// The event's oneof field name: "submitted", "failed", ...
std::string Kind(const api::EventStreamMessage& e) {
  const auto* field = api::EventMessage::descriptor()->FindFieldByNumber(e.message().events_case());
  return field == nullptr ? "" : field->name();
}

std::vector<std::string> Kinds(const Events& events) {
  std::vector<std::string> kinds;
  for (const auto& e : events) kinds.push_back(Kind(e));
  return kinds;
}

// The job id any event carries.
std::string JobIdOf(const api::EventStreamMessage& e) {
  const auto& m = e.message();
  const auto* field = api::EventMessage::descriptor()->FindFieldByNumber(m.events_case());
  if (field == nullptr) return "";
  const auto& inner = m.GetReflection()->GetMessage(m, field);
  return inner.GetReflection()->GetString(inner, inner.GetDescriptor()->FindFieldByName("job_id"));
}

bool IsTerminal(const std::string& kind) {
  return kind == "succeeded" || kind == "failed" || kind == "cancelled";
}

// Whether this host gives us what the isolation tests need.
std::string MissingIsolation() {
  if (geteuid() != 0) return "not root";
  const CgroupTree probe = CgroupTree::Create("armada-localstack-probe");
  const bool ok = probe.memory();
  const std::string why = probe.problems().empty() ? "" : probe.problems().front();
  probe.RemoveAll();
  return ok ? "" : "no writable memory cgroup: " + why;
}

// Pids whose command line contains `marker`.
std::vector<pid_t> PidsWithArg(const std::string& marker) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(marker) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

bool GroupAlive(pid_t pgid) { return ::killpg(pgid, 0) == 0; }

// The mounts, in any process's view, whose line mentions `text`; a job's
// private mounts show its job id in their source path.
std::vector<std::string> MountsMentioning(const std::string& text) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "mountinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.find(text) != std::string::npos) found.push_back(line);
    }
  }
  return found;
}

std::string OwnMemoryCgroupDir() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (line.substr(first + 1, second - first - 1) == "memory") {
      return "/sys/fs/cgroup/memory" + line.substr(second + 1);
    }
  }
  return "";
}

class LocalStack {
 public:
  explicit LocalStack(std::vector<std::string> extra_args = {}) {
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--executor-config",
                                     ExecutorConfig()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    process_ = bp::child(ServerBinary(), bp::args = args, bp::std_out > out_);
    std::string line;
    std::getline(out_, line);
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "unexpected first line: \"" << line << "\"";
      return;
    }
    address_ = line.substr(prefix.size());
    channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
    submit_ = api::Submit::NewStub(channel_);
    queues_ = api::QueueService::NewStub(channel_);
    events_ = api::Event::NewStub(channel_);
  }

  // A graceful stop, so every test leaves the host as it found it.
  ~LocalStack() {
    if (process_.running() && Terminate() == -1) {
      ::kill(process_.id(), SIGKILL);
      process_.wait();
    }
  }

  pid_t pid() { return process_.id(); }
  api::Submit::Stub& submit() { return *submit_; }
  api::QueueService::Stub& queues() { return *queues_; }
  api::Event::Stub& events() { return *events_; }

  grpc::Status CreateQueue(const std::string& name) {
    grpc::ClientContext ctx;
    api::Queue queue;
    queue.set_name(name);
    queue.set_priority_factor(1);
    google::protobuf::Empty empty;
    return submit_->CreateQueue(&ctx, queue, &empty);
  }

  grpc::Status Submit(const std::string& queue, const std::string& job_set,
                      const api::JobSubmitRequestItem& item, std::string* job_id) {
    api::JobSubmitRequest request;
    request.set_queue(queue);
    request.set_job_set_id(job_set);
    *request.add_job_request_items() = item;
    api::JobSubmitResponse response;
    grpc::ClientContext ctx;
    const grpc::Status s = submit_->SubmitJobs(&ctx, request, &response);
    if (s.ok() && job_id != nullptr) *job_id = response.job_response_items(0).job_id();
    return s;
  }

  // Submits to queue "q" (created on first use), job set "s".
  std::string MustSubmit(const api::JobSubmitRequestItem& item, const std::string& job_set = "s") {
    if (!queue_created_) {
      EXPECT_TRUE(CreateQueue("q").ok());
      queue_created_ = true;
    }
    std::string id;
    const grpc::Status s = Submit("q", job_set, item, &id);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return id;
  }

  // Everything logged so far for the job set, after `from`.
  Events Read(const std::string& job_set, const std::string& from = "",
              grpc::Status* status = nullptr) {
    api::JobSetRequest request;
    request.set_queue("q");
    request.set_id(job_set);
    request.set_from_message_id(from);
    grpc::ClientContext ctx;
    auto reader = events_->GetJobSetEvents(&ctx, request);
    Events events;
    api::EventStreamMessage m;
    while (reader->Read(&m)) events.push_back(m);
    const grpc::Status s = reader->Finish();
    if (status != nullptr) *status = s;
    return events;
  }

  // Watches the job set until `done` says so (or the timeout), returning the
  // events of `job_id` only.
  Events WatchJob(const std::string& job_id, const std::function<bool(const Events&)>& done,
                  const std::string& job_set = "s") {
    api::JobSetRequest request;
    request.set_queue("q");
    request.set_id(job_set);
    request.set_watch(true);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kJobTimeout);
    auto reader = events_->GetJobSetEvents(&ctx, request);
    Events events;
    api::EventStreamMessage m;
    while (reader->Read(&m)) {
      if (JobIdOf(m) != job_id) continue;
      events.push_back(m);
      if (done(events)) {
        ctx.TryCancel();
        break;
      }
    }
    reader->Finish();
    EXPECT_TRUE(done(events)) << "gave up waiting; saw: "
                              << ::testing::PrintToString(Kinds(events));
    return events;
  }

  Events UntilTerminal(const std::string& job_id, const std::string& job_set = "s") {
    return WatchJob(
        job_id, [](const Events& e) { return !e.empty() && IsTerminal(Kind(e.back())); }, job_set);
  }

  Events UntilKind(const std::string& job_id, const std::string& kind) {
    return WatchJob(job_id, [&](const Events& e) { return !e.empty() && Kind(e.back()) == kind; });
  }

  // SIGTERM, then the exit code (-1 when it does not exit in time).
  int Terminate() {
    ::kill(process_.id(), SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (process_.running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (process_.running()) return -1;
    return process_.exit_code();
  }

 private:
  bp::ipstream out_;
  bp::child process_;
  std::string address_;
  bool queue_created_ = false;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<api::Submit::Stub> submit_;
  std::unique_ptr<api::QueueService::Stub> queues_;
  std::unique_ptr<api::Event::Stub> events_;
};

api::JobSubmitRequestItem Job(std::vector<std::string> command, const std::string& memory = "") {
  api::JobSubmitRequestItem item;
  item.set_priority(1);
  item.set_namespace_("default");
  auto* c = item.add_pod_specs()->add_containers();
  c->set_name("main");
  c->set_image("alpine:3");
  for (auto& arg : command) c->add_command(arg);
  if (!memory.empty()) {
    (*c->mutable_resources()->mutable_limits())["memory"].set_string(memory);
    (*c->mutable_resources()->mutable_requests())["memory"].set_string(memory);
  }
  return item;
}

api::JobSubmitRequestItem WithCpuRequest(api::JobSubmitRequestItem item, const std::string& cpu) {
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  (*c->mutable_resources()->mutable_requests())["cpu"].set_string(cpu);
  return item;
}

std::string Marker() {
  return "armada-localstack-test-" + std::to_string(getpid()) + "-" +
         std::to_string(Clock::now().time_since_epoch().count());
}

// The process group of the single process carrying `marker`, once it runs.
pid_t GroupOf(const std::string& marker) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    const auto pids = PidsWithArg(marker);
    if (!pids.empty()) return ::getpgid(pids.front());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

bool EventuallyGone(pid_t pgid) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (GroupAlive(pgid) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !GroupAlive(pgid);
}

TEST(LocalStackE2E, OutOfMemoryIsCategorisedOom) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root and memory cgroups: " << missing;
  }
  LocalStack stack;
  const std::string id = stack.MustSubmit(
      Job({"sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=256"}, "25Mi"));
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const api::JobFailedEvent& failed = events.back().message().failed();
  EXPECT_THAT(failed.categories(), ElementsAre("oom"));
  // executor_config.yaml is the seeds' generation: categories only.
  EXPECT_EQ(failed.failure_category(), "");
  EXPECT_EQ(failed.cause(), api::OOM);
  EXPECT_THAT(failed.reason(), HasSubstr("OOMKilled"));
  EXPECT_FALSE(failed.retryable());
  ASSERT_EQ(failed.container_statuses_size(), 1);
  EXPECT_EQ(failed.container_statuses(0).exitcode(), 137);
  EXPECT_EQ(failed.container_statuses(0).reason(), "OOMKilled");
}

TEST(LocalStackE2E, AServiceIsRefusedWithNeedsKubernetesOverTheWire) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  item.add_services()->add_ports(1000);
  const grpc::Status status = stack.Submit("q", "s", item, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // The reason travels in gRPC's grpc-status-details-bin trailer.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NEEDS_KUBERNETES");
  EXPECT_EQ(info.metadata().at("field"), "job_request_items[0].services");
}

TEST(LocalStackE2E, AnUnknownImageFailsAsAnImagePull) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_image("some-non-existing-image:1.2.3");
  item.mutable_pod_specs(0)->mutable_containers(0)->add_args("ls");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_THAT(events.back().message().failed().reason(), HasSubstr("ErrImagePull"));
}

TEST(LocalStackE2E, ExitOneIsAUserError) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "exit 1"}));
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const api::JobFailedEvent& failed = events.back().message().failed();
  EXPECT_THAT(failed.categories(), ElementsAre("user_error"));
  // executor_config.yaml is the seeds' generation: categories only.
  EXPECT_EQ(failed.failure_category(), "");
  EXPECT_EQ(failed.cause(), api::Error);
  // A host without cgroups or namespaces appends which limits were missing.
  EXPECT_THAT(failed.reason(),
              ::testing::StartsWith("Container main failed with exit code 1 because Error"));
  EXPECT_EQ(failed.container_statuses(0).exitcode(), 1);
}

TEST(LocalStackE2E, SuccessHasTheFullEventOrder) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"ls"}));
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events),
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));
  for (const auto& e : events) EXPECT_EQ(JobIdOf(e), id);
  EXPECT_EQ(events[0].message().submitted().job().id(), id);
  EXPECT_EQ(events[0].message().submitted().queue(), "q");
  EXPECT_TRUE(events[0].message().submitted().has_created());
  EXPECT_EQ(events[2].message().leased().cluster_id(), "localstack");
  EXPECT_EQ(events[2].message().leased().pool(), "default");
  const auto& running = events[4].message().running();
  EXPECT_EQ(running.pod_name(), "armada-" + id + "-0");
  EXPECT_EQ(running.pod_namespace(), "default");
  EXPECT_FALSE(running.node_name().empty());
  EXPECT_EQ(id.size(), 26u);
}

TEST(LocalStackE2E, TerminationMessageAndDownwardApi) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a private /dev: " << missing;
  }
  LocalStack stack;
  api::JobSubmitRequestItem item =
      Job({"sh", "-c", "printf '%s' \"$POD/$NS\" > /dev/termination-log; exit 2"});
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  auto* pod = c->add_env();
  pod->set_name("POD");
  pod->mutable_valuefrom()->mutable_fieldref()->set_fieldpath("metadata.name");
  auto* ns = c->add_env();
  ns->set_name("NS");
  ns->mutable_valuefrom()->mutable_fieldref()->set_fieldpath("metadata.namespace");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  EXPECT_EQ(failed.container_statuses(0).message(), "armada-" + id + "-0/default");
  EXPECT_THAT(failed.reason(), HasSubstr(": armada-" + id + "-0/default"));
  EXPECT_FALSE(fs::exists("/dev/termination-log"));
}

TEST(LocalStackE2E, FallbackToLogsOnErrorUsesTheLogTail) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "echo first; echo oops-from-log >&2; exit 3"});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& status = events.back().message().failed().container_statuses(0);
  EXPECT_EQ(status.exitcode(), 3);
  EXPECT_EQ(status.message(), "first\noops-from-log\n");
  EXPECT_TRUE(events.back().message().failed().categories().empty());
}

TEST(LocalStackE2E, FallbackToLogsOnErrorKeepsTheLast80Lines) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "seq 100; exit 1"});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  std::string expected;
  for (int line = 21; line <= 100; ++line) expected += std::to_string(line) + "\n";
  EXPECT_EQ(events.back().message().failed().container_statuses(0).message(), expected);
}

TEST(LocalStackE2E, InitContainersRunFirstAndTheirFailureStopsThePod) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "exit 0"});
  auto* init = item.mutable_pod_specs(0)->add_initcontainers();
  init->set_name("setup");
  init->add_args("false");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  ASSERT_EQ(failed.container_statuses_size(), 1);
  EXPECT_EQ(failed.container_statuses(0).name(), "setup");
  EXPECT_THAT(failed.categories(), ElementsAre("user_error"));
  EXPECT_THAT(Kinds(events), ::testing::Not(::testing::Contains("running")));
}

TEST(LocalStackE2E, DeadlineExceededKillsThePod) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sleep", "600"});
  item.mutable_pod_specs(0)->set_activedeadlineseconds(1);
  item.mutable_pod_specs(0)->set_terminationgraceperiodseconds(0);
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  EXPECT_EQ(failed.cause(), api::DeadlineExceeded);
  EXPECT_THAT(failed.reason(), HasSubstr("deadline"));
}

TEST(LocalStackE2E, CancelStopsTheProcess) {
  LocalStack stack;
  const std::string marker = Marker();
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600; echo done", marker}));
  stack.UntilKind(id, "running");
  const pid_t pgid = GroupOf(marker);
  ASSERT_GT(pgid, 0) << "the job's process never showed up";
  api::JobCancelRequest request;
  request.set_job_id(id);
  request.set_reason("test over");
  api::CancellationResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&ctx, request, &result).ok());
  EXPECT_THAT(result.cancelled_ids(), ElementsAre(id));
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                         "cancelling", "cancelled"));
  EXPECT_EQ(events[5].message().cancelling().reason(), "test over");
  EXPECT_FALSE(events[6].message().cancelled().requestor().empty());
  EXPECT_TRUE(EventuallyGone(pgid));
  EXPECT_TRUE(PidsWithArg(marker).empty());

  // Cancelling a finished job changes nothing.
  grpc::ClientContext again;
  api::CancellationResult none;
  ASSERT_TRUE(stack.submit().CancelJobs(&again, request, &none).ok());
  EXPECT_TRUE(none.cancelled_ids().empty());
  EXPECT_EQ(stack.Read("s").size(), 7u);
}

TEST(LocalStackE2E, ResumeFromAMessageIdReturnsOnlyLaterEvents) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"true"}));
  stack.UntilTerminal(id);
  const Events all = stack.Read("s");
  ASSERT_EQ(all.size(), 6u);
  const Events later = stack.Read("s", all[2].id());
  ASSERT_EQ(later.size(), 3u);
  for (size_t i = 0; i < later.size(); ++i) {
    EXPECT_EQ(later[i].id(), all[i + 3].id());
    EXPECT_EQ(Kind(later[i]), Kind(all[i + 3]));
  }
  EXPECT_TRUE(stack.Read("s", all.back().id()).empty());
  grpc::Status status;
  stack.Read("s", "999", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("from_message_id"));
}

TEST(LocalStackE2E, WatchStreamsEventsThatArriveLater) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("later");
  request.set_watch(true);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kJobTimeout);
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  std::string id;
  std::thread submitter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_TRUE(stack.Submit("q", "later", Job({"true"}), &id).ok());
  });
  std::vector<std::string> kinds;
  api::EventStreamMessage m;
  while (reader->Read(&m)) {
    kinds.push_back(Kind(m));
    if (IsTerminal(kinds.back())) break;
  }
  ctx.TryCancel();
  reader->Finish();
  submitter.join();
  EXPECT_THAT(kinds,
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));
}

TEST(LocalStackE2E, ErrorIfMissingOnAnUnknownJobSet) {
  LocalStack stack;
  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("nothing-here");
  request.set_errorifmissing(true);
  grpc::ClientContext ctx;
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  api::EventStreamMessage m;
  EXPECT_FALSE(reader->Read(&m));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(LocalStackE2E, PreemptProducesPreemptingPreemptedFailed) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(id, "running");
  api::JobPreemptRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(id);
  request.set_reason("make room");
  api::PreemptionResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().PreemptJobs(&ctx, request, &result).ok());
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                         "preempting", "preempted", "failed"));
  EXPECT_EQ(events[6].message().preempted().reason(), "make room");
  EXPECT_THAT(events[7].message().failed().reason(), HasSubstr("preempted"));
}

TEST(LocalStackE2E, BeyondCapacityStaysQueuedAndReprioritizes) {
  LocalStack stack({"--cpu", "1"});
  const std::string big = stack.MustSubmit(WithCpuRequest(Job({"sleep", "600"}), "1"));
  stack.UntilKind(big, "running");
  const std::string waiting = stack.MustSubmit(WithCpuRequest(Job({"true"}), "500m"));

  api::JobReprioritizeRequest reprioritize;
  reprioritize.add_job_ids(waiting);
  reprioritize.set_new_priority(0);
  api::JobReprioritizeResponse reprioritized;
  grpc::ClientContext rctx;
  ASSERT_TRUE(stack.submit().ReprioritizeJobs(&rctx, reprioritize, &reprioritized).ok());
  EXPECT_EQ(reprioritized.reprioritization_results().at(waiting), "");

  // Long enough for a scheduler that ignored capacity to have leased it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == waiting) kinds.push_back(Kind(e));
  }
  EXPECT_THAT(kinds, ElementsAre("submitted", "queued", "reprioritizing", "reprioritized"));

  api::JobCancelRequest cancel;
  cancel.set_job_id(big);
  api::CancellationResult cancelled;
  grpc::ClientContext cctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&cctx, cancel, &cancelled).ok());
  const Events events = stack.UntilTerminal(waiting);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "reprioritizing", "reprioritized",
                                         "leased", "pending", "running", "succeeded"));
  EXPECT_EQ(events[3].message().reprioritized().new_priority(), 0);
}

TEST(LocalStackE2E, CancelJobSetCancelsQueuedJobs) {
  LocalStack stack({"--cpu", "1"});
  const std::string running = stack.MustSubmit(WithCpuRequest(Job({"sleep", "600"}), "1"));
  const std::string queued = stack.MustSubmit(WithCpuRequest(Job({"sleep", "600"}), "1"));
  stack.UntilKind(running, "running");
  api::JobSetCancelRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.mutable_filter()->add_states(api::QUEUED);
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobSet(&ctx, request, &empty).ok());
  EXPECT_THAT(Kinds(stack.UntilTerminal(queued)),
              ElementsAre("submitted", "queued", "cancelling", "cancelled"));
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == running) kinds.push_back(Kind(e));
  }
  EXPECT_EQ(kinds.back(), "running");
}

TEST(LocalStackE2E, ValidationErrors) {
  LocalStack stack;
  EXPECT_EQ(stack.Submit("missing", "s", Job({"true"}), nullptr).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  EXPECT_EQ(stack.CreateQueue("q").error_code(), grpc::StatusCode::ALREADY_EXISTS);

  const grpc::Status bad = stack.Submit("q", "s", Job({"true"}, "25MB"), nullptr);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(),
            "job_request_items[0].pod_specs[0].containers[0].resources.limits[memory]: invalid "
            "quantity \"25MB\"");

  api::JobSubmitRequestItem empty;
  empty.add_pod_specs();
  const grpc::Status no_containers = stack.Submit("q", "s", empty, nullptr);
  EXPECT_EQ(no_containers.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_containers.error_message(), HasSubstr("job_request_items[0].pod_specs[0]"));

  const grpc::Status no_job_set = stack.Submit("q", "", Job({"true"}), nullptr);
  EXPECT_EQ(no_job_set.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_job_set.error_message(), HasSubstr("job_set_id"));
}

TEST(LocalStackE2E, QueuesOnBothServices) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("a").ok());
  api::Queue b;
  b.set_name("b");
  b.set_priority_factor(2);
  google::protobuf::Empty empty;
  grpc::ClientContext create;
  ASSERT_TRUE(stack.queues().CreateQueue(&create, b, &empty).ok());

  grpc::ClientContext list;
  auto reader = stack.queues().GetQueues(&list, api::StreamingQueueGetRequest());
  std::vector<std::string> names;
  bool ended = false;
  api::StreamingQueueMessage m;
  while (reader->Read(&m)) {
    if (m.has_queue()) names.push_back(m.queue().name());
    if (m.has_end()) ended = true;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_THAT(names, ElementsAre("a", "b"));
  EXPECT_TRUE(ended);

  b.set_priority_factor(3);
  grpc::ClientContext update;
  ASSERT_TRUE(stack.submit().UpdateQueue(&update, b, &empty).ok());
  grpc::ClientContext get;
  api::QueueGetRequest get_request;
  get_request.set_name("b");
  api::Queue got;
  ASSERT_TRUE(stack.submit().GetQueue(&get, get_request, &got).ok());
  EXPECT_EQ(got.priority_factor(), 3);

  grpc::ClientContext remove;
  api::QueueDeleteRequest delete_request;
  delete_request.set_name("b");
  ASSERT_TRUE(stack.queues().DeleteQueue(&remove, delete_request, &empty).ok());
  grpc::ClientContext missing;
  EXPECT_EQ(stack.queues().GetQueue(&missing, get_request, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (auto* health : {+[](LocalStack&s, grpc::ClientContext*c, api::HealthCheckResponse*r) {
                         return s.submit().Health(c, google::protobuf::Empty(), r);
                       },
                       +[](LocalStack&s, grpc::ClientContext*c, api::HealthCheckResponse*r) {
                         return s.events().Health(c, google::protobuf::Empty(), r);
                       }}) {
    grpc::ClientContext ctx;
    api::HealthCheckResponse response;
    ASSERT_TRUE(health(stack, &ctx, &response).ok());
    EXPECT_EQ(response.status(), api::HealthCheckResponse::SERVING);
  }
}

TEST(LocalStackE2E, ShutdownLeavesNothingBehind) {
  LocalStack stack;
  const std::string marker = Marker();
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600; echo done", marker}));
  stack.UntilKind(id, "running");
  const pid_t pgid = GroupOf(marker);
  ASSERT_GT(pgid, 0);
  const std::string subtree = "armada-localstack-" + std::to_string(stack.pid());
  const std::string memory_dir = OwnMemoryCgroupDir();
  const bool cgroups = MissingIsolation().empty();
  if (cgroups) {
    EXPECT_TRUE(fs::exists(memory_dir + "/" + subtree)) << memory_dir;
    EXPECT_THAT(MountsMentioning("/jobs/" + id + "/"), ::testing::Not(::testing::IsEmpty()));
  }

  EXPECT_EQ(stack.Terminate(), 0);
  EXPECT_TRUE(EventuallyGone(pgid));
  EXPECT_TRUE(PidsWithArg(marker).empty());
  if (cgroups) {
    EXPECT_FALSE(fs::exists(memory_dir + "/" + subtree));
  }
  EXPECT_THAT(MountsMentioning("/jobs/" + id + "/"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace armada::localstack
