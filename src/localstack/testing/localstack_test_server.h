// A real armada-localstack for end-to-end tests: started as a child process
// with a private work directory and token file, driven through the
// generated gRPC clients (every call carries the token), and stopped
// gracefully at the end of the test.
#pragma once

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "api/event.grpc.pb.h"
#include "api/event_names.h"
#include "api/localstack_protocol.h"
#include "api/submit.grpc.pb.h"
#include "localstack/kubelet/cgroup.h"

namespace armada::localstack::e2e {

namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Events = std::vector<api::EventStreamMessage>;

constexpr auto kJobTimeout = std::chrono::seconds(20);

inline std::string ServerBinary() { return ARMADA_TS_BINARY_DIR "/bin/armada-localstack"; }

inline std::string ExecutorConfig() {
  return ARMADA_TS_SOURCE_DIR "/e2e-config/executor_config.yaml";
}

// The event's name: "submitted", "failed", "ingressInfo", ...
inline std::string Kind(const api::EventStreamMessage& e) { return EventName(e.message()); }

inline std::vector<std::string> Kinds(const Events& events) {
  std::vector<std::string> kinds;
  for (const auto& e : events) kinds.push_back(Kind(e));
  return kinds;
}

// The job id any event carries.
inline std::string JobIdOf(const api::EventStreamMessage& e) {
  return armada::JobIdOf(e.message());
}

inline bool IsTerminal(const std::string& kind) {
  return kind == "succeeded" || kind == "failed" || kind == "cancelled";
}

// Whether this host gives us what the isolation tests need.
inline std::string MissingIsolation() {
  if (geteuid() != 0) return "not root";
  const CgroupTree probe = CgroupTree::Create("armada-localstack-probe");
  const bool ok = probe.memory();
  const std::string why = probe.problems().empty() ? "" : probe.problems().front();
  probe.RemoveAll();
  return ok ? "" : "no writable memory cgroup: " + why;
}

// Pids whose command line contains `marker`.
inline std::vector<pid_t> PidsWithArg(const std::string& marker) {
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

inline bool GroupAlive(pid_t pgid) { return ::killpg(pgid, 0) == 0; }

// The mounts, in any process's view, whose line mentions `text`; a job's
// private mounts show its job id in their source path.
inline std::vector<std::string> MountsMentioning(const std::string& text) {
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

inline std::string OwnMemoryCgroupDir() {
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

// Adds "authorization: bearer TOKEN" to every call of a channel.
class BearerToken final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerToken(std::string token) : header_("bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new Adder(header_);
  }

 private:
  class Adder final : public grpc::experimental::Interceptor {
   public:
    explicit Adder(const std::string& header) : header_(header) {}
    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      if (methods->QueryInterceptionHookPoint(
              grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
        methods->GetSendInitialMetadata()->insert({"authorization", header_});
      }
      methods->Proceed();
    }

   private:
    const std::string header_;
  };
  const std::string header_;
};

// A channel to `address` whose calls carry `token` ("" for none).
inline std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address,
                                                       const std::string& token) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  if (!token.empty()) interceptors.push_back(std::make_unique<BearerToken>(token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(interceptors));
}

// Runs armada-localstack with `args` to its end; its exit code and stderr.
// With a `launcher` (an absolute path first), the server's path and `args`
// are that command's arguments.
inline std::pair<int, std::string> RunServer(const std::vector<std::string>& args,
                                             std::vector<std::string> launcher = {}) {
  launcher.push_back(ServerBinary());
  launcher.insert(launcher.end(), args.begin(), args.end());
  const std::string exe = launcher.front();
  launcher.erase(launcher.begin());
  bp::ipstream err;
  bp::child server(exe, bp::args = launcher, bp::std_out > bp::null, bp::std_err > err);
  std::string text, line;
  while (std::getline(err, line)) text += line + "\n";
  server.wait();
  return {server.exit_code(), text};
}

inline std::string MakeTempDir(const std::string& name) {
  std::string pattern = "/tmp/" + name + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

class LocalStack {
 public:
  static constexpr char kToken[] = "e2e-test-token-0123456789";

  // How to start it beyond the extra arguments.
  struct Options {
    // The server's --work-dir, "" for a fresh one of the test's.
    std::string work_dir;
    // --executor-config: its generation decides some answers.
    std::string executor_config = ExecutorConfig();
    // Keep the server's log (standard error) for log(), rather than passing
    // it through to the test's.
    bool capture_log = false;
  };

  explicit LocalStack(std::vector<std::string> extra_args = {}, std::string work_dir = "")
      : LocalStack(std::move(extra_args), Options{std::move(work_dir)}) {}

  LocalStack(std::vector<std::string> extra_args, Options options)
      : dir_(MakeTempDir("localstack-e2e")),
        work_dir_(options.work_dir.empty() ? dir_ + "/work" : std::move(options.work_dir)),
        log_file_(options.capture_log ? dir_ + "/server.log" : "") {
    const std::string token_file = dir_ + "/token";
    std::ofstream(token_file) << kToken << "\n";
    ::chmod(token_file.c_str(), 0600);
    std::vector<std::string> args = {
        "--listen",     "127.0.0.1:0", "--executor-config", options.executor_config,
        "--token-file", token_file,    "--work-dir",        work_dir_};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    if (log_file_.empty()) {
      process_ = bp::child(ServerBinary(), bp::args = args, bp::std_out > out_);
    } else {
      process_ =
          bp::child(ServerBinary(), bp::args = args, bp::std_out > out_, bp::std_err > log_file_);
    }
    std::string line;
    std::getline(out_, line);
    const std::string prefix = kListeningPrefix;
    if (line.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "unexpected first line: \"" << line << "\"";
      return;
    }
    address_ = line.substr(prefix.size());
    channel_ = ChannelWithToken(address_, kToken);
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
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  pid_t pid() { return process_.id(); }
  // What the server has logged so far (Options::capture_log only).
  std::string log() const {
    std::ifstream in(log_file_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  const std::string& address() const { return address_; }
  const std::string& work_dir() const { return work_dir_; }
  // Stops the process with SIGKILL, as a crash would.
  void Kill() {
    ::kill(process_.id(), SIGKILL);
    process_.wait();
  }
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
  const std::string dir_;
  const std::string work_dir_;
  const std::string log_file_;
  bp::ipstream out_;
  bp::child process_;
  std::string address_;
  bool queue_created_ = false;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<api::Submit::Stub> submit_;
  std::unique_ptr<api::QueueService::Stub> queues_;
  std::unique_ptr<api::Event::Stub> events_;
};

// A job as Armada takes it: a namespace, and requests equal to limits (cpu
// 100m, so several run at once on a small machine; memory as given, else
// localstack.yaml's default, Armada's 1Gi).
inline api::JobSubmitRequestItem Job(std::vector<std::string> command,
                                     const std::string& memory = "") {
  api::JobSubmitRequestItem item;
  item.set_priority(1);
  item.set_namespace_("default");
  auto* c = item.add_pod_specs()->add_containers();
  c->set_name("main");
  c->set_image("alpine:3");
  for (auto& arg : command) c->add_command(arg);
  for (auto* map :
       {c->mutable_resources()->mutable_requests(), c->mutable_resources()->mutable_limits()}) {
    (*map)["cpu"].set_string("100m");
    if (!memory.empty()) (*map)["memory"].set_string(memory);
  }
  return item;
}

// The job with `cpu` as its cpu request and limit.
inline api::JobSubmitRequestItem WithCpu(api::JobSubmitRequestItem item, const std::string& cpu) {
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  (*c->mutable_resources()->mutable_requests())["cpu"].set_string(cpu);
  (*c->mutable_resources()->mutable_limits())["cpu"].set_string(cpu);
  return item;
}

inline std::string Marker() {
  return "armada-localstack-test-" + std::to_string(getpid()) + "-" +
         std::to_string(Clock::now().time_since_epoch().count());
}

// The process group of the single process carrying `marker`, once it runs.
inline pid_t GroupOf(const std::string& marker) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    const auto pids = PidsWithArg(marker);
    if (!pids.empty()) return ::getpgid(pids.front());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

inline bool EventuallyGone(pid_t pgid) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (GroupAlive(pgid) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !GroupAlive(pgid);
}

}  // namespace armada::localstack::e2e
