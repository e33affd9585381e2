// A real armada-localstack for end-to-end tests: the one fixture that starts
// the binary (the server's own tests, the CLI's and the auth tests use it).
// Started as a child process through the one test spawner
// (common/testing/spawn_logged.h) with a private work directory and token
// file, driven through the generated gRPC clients (every call carries the
// token), and stopped gracefully at the end of the test.
#pragma once

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include "common/testing/spawn_logged.h"
#include "localstack/kubelet/cgroup.h"

namespace armada::localstack::testing {

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
    // "" when the process left between the listing and the read (ESRCH).
    if (common::testing::ReadFile(entry.path() / "cmdline").find(marker) != std::string::npos) {
      pids.push_back(std::stoi(name));
    }
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

// Runs armada-localstack with `args` to its end; its exit code and output.
// With a `launcher` (an absolute path first), the server's path and `args`
// are that command's arguments.
inline std::pair<int, std::string> RunServer(const std::vector<std::string>& args,
                                             std::vector<std::string> launcher = {}) {
  launcher.push_back(ServerBinary());
  launcher.insert(launcher.end(), args.begin(), args.end());
  const common::testing::Ran ran = common::testing::RunLogged(launcher);
  return {ran.exit_code, ran.output};
}

// Starts armada-localstack with `args`: its exit code and output when it
// refuses to start within 5 s, or -1 and its output when it serves (it is
// then stopped).
inline std::pair<int, std::string> StartOrRefusal(const std::vector<std::string>& args) {
  char log[] = "/tmp/localstack-start-XXXXXX";
  const int fd = ::mkstemp(log);
  if (fd < 0) return {-1, "mkstemp failed"};
  ::close(fd);
  std::vector<std::string> argv = {ServerBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = common::testing::SpawnLogged(argv, ".", log);
  int status = 0, code = -1;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (done == pid) {
    code = common::testing::ShellExitCode(status);
  } else {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  std::string text = common::testing::ReadFile(log);
  ::unlink(log);
  return {code, text};
}

inline std::string MakeTempDir(const std::string& name) {
  std::string pattern = "/tmp/" + name + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

// How to start the server; every field has a default that suits most tests.
struct ServerOptions {
  std::vector<std::string> args;       // added after the ones below
  std::string work_dir;                // --work-dir; "" for a fresh one of the test's
  std::string token_file;              // --token-file; "" for one holding kToken
  std::string listen = "127.0.0.1:0";  // --listen (a restart passes the first address)
  // --executor-config: its generation decides some answers (executor_config.h).
  std::string executor_config = ExecutorConfig();
  // A command the server runs under (e.g. unshare), which must exec it.
  std::vector<std::string> launcher;
};

class LocalStack {
 public:
  static constexpr char kToken[] = "e2e-test-token-0123456789";

  explicit LocalStack(std::vector<std::string> extra_args = {}, std::string work_dir = "")
      : LocalStack(Options(std::move(extra_args), std::move(work_dir))) {}

  explicit LocalStack(ServerOptions options)
      : dir_(MakeTempDir("localstack-e2e")),
        work_dir_(options.work_dir.empty() ? dir_ + "/work" : options.work_dir),
        token_file_(options.token_file.empty() ? dir_ + "/token" : options.token_file) {
    if (options.token_file.empty()) {
      std::ofstream(token_file_) << kToken << "\n";
      ::chmod(token_file_.c_str(), 0600);
    }
    std::vector<std::string> argv = options.launcher;
    for (const std::string& arg :
         {ServerBinary(), std::string("--listen"), options.listen, std::string("--executor-config"),
          options.executor_config, std::string("--token-file"), token_file_,
          std::string("--work-dir"), work_dir_}) {
      argv.push_back(arg);
    }
    argv.insert(argv.end(), options.args.begin(), options.args.end());
    pid_ = common::testing::SpawnLogged(argv, dir_, log_path());
    address_ = AwaitAddress();
    if (address_.empty()) {
      ADD_FAILURE() << "armada-localstack did not listen: " << log();
      return;
    }
    std::string token = common::testing::ReadFile(token_file_);
    token.erase(token.find_last_not_of(" \n") + 1);
    channel_ = ChannelWithToken(address_, token);
    submit_ = api::Submit::NewStub(channel_);
    queues_ = api::QueueService::NewStub(channel_);
    events_ = api::Event::NewStub(channel_);
  }

  // A graceful stop, so every test leaves the host as it found it.
  ~LocalStack() {
    if (Running() && Terminate() == -1) Kill();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  pid_t pid() { return pid_; }
  const std::string& address() const { return address_; }
  const std::string& work_dir() const { return work_dir_; }
  const std::string& token_file() const { return token_file_; }
  // Everything the server printed so far (stdout and its log on stderr).
  std::string log() const { return common::testing::ReadFile(log_path()); }
  // Stops the process with SIGKILL, as a crash would.
  void Kill() {
    ::kill(pid_, SIGKILL);
    Reap(/*wait=*/true);
  }
  api::Submit::Stub& submit() { return *submit_; }
  api::QueueService::Stub& queues() { return *queues_; }
  api::Event::Stub& events() { return *events_; }
  // The authenticated channel, for the services without a stub here.
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

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

  Events UntilKind(const std::string& job_id, const std::string& kind,
                   const std::string& job_set = "s") {
    return WatchJob(
        job_id, [&](const Events& e) { return !e.empty() && Kind(e.back()) == kind; }, job_set);
  }

  // SIGTERM, then the exit code (-1 when it does not exit in time).
  int Terminate() {
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Running() ? -1 : exit_code_;
  }

 private:
  static ServerOptions Options(std::vector<std::string> args, std::string work_dir) {
    ServerOptions options;
    options.args = std::move(args);
    options.work_dir = std::move(work_dir);
    return options;
  }
  std::string log_path() const { return dir_ + "/server.log"; }

  // Waits for the child once (blocking when `wait`); records its exit code.
  void Reap(bool wait) {
    if (pid_ <= 0 || exit_code_ != -1) return;
    int status = 0;
    if (::waitpid(pid_, &status, wait ? 0 : WNOHANG) == pid_) {
      exit_code_ = common::testing::ShellExitCode(status);
    }
  }
  bool Running() {
    Reap(/*wait=*/false);
    return pid_ > 0 && exit_code_ == -1;
  }

  // HOST:PORT from the server's "listening on" line, "" when it exits or
  // stays silent first.
  std::string AwaitAddress() {
    const std::string prefix = kListeningPrefix;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Running() && Clock::now() < deadline) {
      std::istringstream lines(log());
      std::string line;
      while (std::getline(lines, line) && !lines.eof()) {
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
  }

  const std::string dir_;
  const std::string work_dir_;
  const std::string token_file_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string address_;
  bool queue_created_ = false;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<api::Submit::Stub> submit_;
  std::unique_ptr<api::QueueService::Stub> queues_;
  std::unique_ptr<api::Event::Stub> events_;
};

// A job as Armada takes it: a namespace, and requests equal to limits (cpu
// 100m and memory as given, else 128Mi, so several run at once on a small
// machine).
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
    (*map)["memory"].set_string(memory.empty() ? "128Mi" : memory);
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

}  // namespace armada::localstack::testing
