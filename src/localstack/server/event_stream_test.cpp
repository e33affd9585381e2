// api.Event/GetJobSetEvents as served by EventService over a real gRPC server
// on loopback (port 0): load, shutdown, and the stream faults.
#include "localstack/server/event_stream.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "api/event.grpc.pb.h"
#include "localstack/server/server.h"

namespace armada::localstack {
namespace {

using Clock = std::chrono::steady_clock;

api::EventMessage Queued(int n) {
  api::EventMessage m;
  m.mutable_queued()->set_job_id("job-" + std::to_string(n));
  return m;
}

// Calls without credentials are anonymous, and anyone may watch: these
// tests are about streams, authorization_test.cpp about who may watch.
config::Auth AnyoneWatches() {
  config::Auth auth;
  auth.set_anonymous_auth(true);
  auth.mutable_permission_group_mapping()->add_watch_all_events("everyone");
  return auth;
}

class EventServer {
 public:
  explicit EventServer(FaultConfig faults = {})
      : authorizer_(std::move(Callers::Make("token", "token-file", AnyoneWatches())).value(),
                    AnyoneWatches(), queues_),
        service_(log_, queues_, faults, authorizer_) {
    api::Queue queue;
    queue.set_name("q");
    queue.set_priority_factor(1);
    queues_.Create(queue);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~EventServer() { Stop(); }

  void Stop() {
    if (!server_) return;
    service_.Shutdown();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_->Wait();
    server_.reset();
  }

  // A channel of its own (a separate connection) per `index`.
  std::unique_ptr<api::Event::Stub> Stub(int index = 0) const {
    grpc::ChannelArguments args;
    args.SetInt("armada.test.connection", index);
    return api::Event::NewStub(grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_),
                                                         grpc::InsecureChannelCredentials(), args));
  }

  EventLog& log() { return log_; }
  EventService& service() { return service_; }

 private:
  EventLog log_;
  QueueStore queues_;
  Authorizer authorizer_;
  EventService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

api::JobSetRequest Request(bool watch, const std::string& from = "") {
  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("s");
  request.set_watch(watch);
  request.set_from_message_id(from);
  return request;
}

// Reads one stream to its end; returns the ids seen and the final status.
struct Read {
  std::vector<std::string> ids;
  grpc::Status status;
};
// `received` (when given) counts the messages read so far, for a test that
// must act only once some have arrived.
Read ReadAll(api::Event::Stub& stub, const api::JobSetRequest& request,
             size_t cancel_after = SIZE_MAX, std::atomic<size_t>* received = nullptr) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = stub.GetJobSetEvents(&context, request);
  Read out;
  api::EventStreamMessage message;
  while (reader->Read(&message)) {
    out.ids.push_back(message.id());
    if (received != nullptr) ++*received;
    if (out.ids.size() == cancel_after) context.TryCancel();
  }
  out.status = reader->Finish();
  return out;
}

std::vector<std::string> Ids(int first, int last) {
  std::vector<std::string> ids;
  for (int i = first; i <= last; ++i) ids.push_back(std::to_string(i));
  return ids;
}

// A watcher that holds no thread: counts what arrives and leaves after
// `expected` events.
class Watcher final : public grpc::ClientReadReactor<api::EventStreamMessage> {
 public:
  Watcher(api::Event::Stub& stub, size_t expected, std::atomic<int>& done,
          std::condition_variable& cv, std::mutex& mu)
      : expected_(expected), done_(done), cv_(cv), mu_(mu) {
    stub.async()->GetJobSetEvents(&context_, &request_, this);
    StartRead(&message_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    // In order, none missing.
    if (message_.id() != std::to_string(received_ + 1)) out_of_order_ = true;
    if (++received_ == expected_) context_.TryCancel();
    StartRead(&message_);
  }
  void OnDone(const grpc::Status&) override {
    // Notified under the lock: the test may end as soon as it sees the count.
    std::lock_guard<std::mutex> lock(mu_);
    ++done_;
    cv_.notify_all();
  }
  size_t received() const { return received_; }
  bool out_of_order() const { return out_of_order_; }

 private:
  const api::JobSetRequest request_ = Request(/*watch=*/true);
  const size_t expected_;
  std::atomic<int>& done_;
  std::condition_variable& cv_;
  std::mutex& mu_;
  grpc::ClientContext context_;
  api::EventStreamMessage message_;
  size_t received_ = 0;
  bool out_of_order_ = false;
};

TEST(EventStream, AThousandWatchersEachGetEveryEvent) {
  constexpr int kWatchers = 1000;
  constexpr int kEvents = 300;
  EventServer server;
  std::vector<std::unique_ptr<api::Event::Stub>> stubs;
  for (int i = 0; i < 10; ++i) stubs.push_back(server.Stub(i));
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<int> done{0};
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < kWatchers; ++i) {
    watchers.push_back(std::make_unique<Watcher>(*stubs[i % stubs.size()], kEvents, done, cv, mu));
  }
  // Every stream is open (and idle) on the server before the first event.
  const auto open_deadline = Clock::now() + std::chrono::seconds(60);
  while (server.service().open_streams() < kWatchers && Clock::now() < open_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(server.service().open_streams(), size_t{kWatchers});

  for (int i = 1; i <= kEvents; ++i) server.log().Append("q", "s", Queued(i));
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_until(lock, Clock::now() + std::chrono::seconds(120),
                  [&] { return done.load() == kWatchers; });
  }
  ASSERT_EQ(done.load(), kWatchers) << "streams still open after 120 s";
  int complete = 0;
  for (const auto& w : watchers) {
    EXPECT_FALSE(w->out_of_order());
    if (w->received() == kEvents) ++complete;
  }
  EXPECT_EQ(complete, kWatchers);
}

TEST(EventStream, ReadsAfterAnIdAndEndsWithoutWatch) {
  EventServer server;
  for (int i = 1; i <= 5; ++i) server.log().Append("q", "s", Queued(i));
  auto stub = server.Stub();
  Read all = ReadAll(*stub, Request(false));
  EXPECT_TRUE(all.status.ok()) << all.status.error_message();
  EXPECT_EQ(all.ids, Ids(1, 5));
  Read later = ReadAll(*stub, Request(false, "3"));
  EXPECT_EQ(later.ids, Ids(4, 5));
}

TEST(EventStream, BadRequestsAreRefused) {
  EventServer server;
  server.log().Append("q", "s", Queued(1));
  auto stub = server.Stub();
  Read unknown_id = ReadAll(*stub, Request(true, "7"));
  EXPECT_EQ(unknown_id.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(unknown_id.status.error_message().find("\"7\""), std::string::npos);
  api::JobSetRequest missing = Request(true);
  missing.set_id("other");
  missing.set_errorifmissing(true);
  EXPECT_EQ(ReadAll(*stub, missing).status.error_code(), grpc::StatusCode::NOT_FOUND);
  // No queue, or one that does not exist: NOT_FOUND with Armada's words
  // (internal/server/event/event.go@v0.22.7).
  api::JobSetRequest no_queue = Request(false);
  no_queue.clear_queue();
  EXPECT_EQ(ReadAll(*stub, no_queue).status.error_code(), grpc::StatusCode::NOT_FOUND);
  api::JobSetRequest unknown_queue = Request(false);
  unknown_queue.set_queue("nobody");
  const grpc::Status unknown = ReadAll(*stub, unknown_queue).status;
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_message(), "[GetJobSetEvents] Queue nobody does not exist");
}

TEST(EventStream, WatchersGetNewEventsAndLeave) {
  EventServer server;
  auto stub = server.Stub();
  std::thread writer([&] {
    for (int i = 1; i <= 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      server.log().Append("q", "s", Queued(i));
    }
  });
  Read watched = ReadAll(*stub, Request(true), /*cancel_after=*/3);
  writer.join();
  EXPECT_EQ(watched.ids, Ids(1, 3));
  EXPECT_EQ(watched.status.error_code(), grpc::StatusCode::CANCELLED);
  // The server let go of the stream the client left.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (server.service().open_streams() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server.service().open_streams(), size_t{0});
}

TEST(EventStream, ShutdownEndsWatchersWithUnavailable) {
  EventServer server;
  server.log().Append("q", "s", Queued(1));
  auto stub = server.Stub();
  Read watched;
  std::atomic<size_t> received{0};
  std::thread reader([&] { watched = ReadAll(*stub, Request(true), SIZE_MAX, &received); });
  // Once the event has arrived (an open stream alone may not have sent it
  // yet: a slow, sanitized build showed that race).
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (received == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.Stop();
  reader.join();
  EXPECT_EQ(watched.ids, Ids(1, 1));
  EXPECT_EQ(watched.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(watched.status.error_message().find("shutting down"), std::string::npos);
}

TEST(EventStream, FaultCutsEachStreamAfterNEvents) {
  FaultConfig faults;
  faults.stream_cut_every = 2;
  EventServer server(faults);
  for (int i = 1; i <= 5; ++i) server.log().Append("q", "s", Queued(i));
  auto stub = server.Stub();
  // A client resuming from its last id after each cut still gets every event once.
  std::vector<std::string> got;
  grpc::Status last;
  for (int attempt = 0; attempt < 10 && got.size() < 5; ++attempt) {
    Read part = ReadAll(*stub, Request(false, got.empty() ? "" : got.back()));
    EXPECT_LE(part.ids.size(), 2u);
    got.insert(got.end(), part.ids.begin(), part.ids.end());
    last = part.status;
    if (part.ids.size() == 2) {
      EXPECT_EQ(part.status.error_code(), grpc::StatusCode::UNAVAILABLE);
      EXPECT_NE(part.status.error_message().find("--fault-stream-cut-every 2"), std::string::npos);
    }
  }
  EXPECT_EQ(got, Ids(1, 5));
}

TEST(EventStream, FaultDelaysEachEvent) {
  FaultConfig faults;
  faults.event_delay_ms = 40;
  EventServer server(faults);
  for (int i = 1; i <= 5; ++i) server.log().Append("q", "s", Queued(i));
  auto stub = server.Stub();
  const auto start = Clock::now();
  Read all = ReadAll(*stub, Request(false));
  // At least half the delay per event (the jitter is at most half of it).
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(5 * 20));
  EXPECT_TRUE(all.status.ok());
  EXPECT_EQ(all.ids, Ids(1, 5));
}

TEST(EventDelay, StaysWithinItsJitter) {
  FaultConfig faults;
  EXPECT_EQ(EventDelay(faults).count(), 0);
  faults.event_delay_ms = 100;
  for (int i = 0; i < 200; ++i) {
    const auto delay = EventDelay(faults).count();
    EXPECT_GE(delay, 50);
    EXPECT_LE(delay, 150);
  }
}

}  // namespace
}  // namespace armada::localstack
