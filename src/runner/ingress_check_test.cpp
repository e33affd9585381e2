#include "runner/ingress_check.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>

#include "http/testing/fake_http_server.h"

namespace armada::runner {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;

api::EventMessage IngressInfo(int port, const std::string& host) {
  api::EventMessage event;
  auto* info = event.mutable_ingress_info();
  info->set_job_id("job-1");
  (*info->mutable_ingress_addresses())[port] = host;
  return event;
}

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(IngressTargetTest, EnvironmentAsArmadasRunnerReadsIt) {
  IngressTarget none = IngressTargetFrom(nullptr, nullptr, nullptr);
  EXPECT_EQ(none.url, "");
  EXPECT_FALSE(none.use_tls);
  EXPECT_EQ(none.port, "80");
  EXPECT_FALSE(none.port_from_event);
  for (const char* on : {"true", " TRUE ", "1", "yes"}) {
    EXPECT_TRUE(IngressTargetFrom(nullptr, on, nullptr).use_tls) << on;
  }
  for (const char* off : {"", "false", " False", "0"}) {
    EXPECT_FALSE(IngressTargetFrom(nullptr, off, nullptr).use_tls) << off;
  }
  IngressTarget set = IngressTargetFrom("http://ingress.local/", nullptr, "8080");
  EXPECT_EQ(set.url, "http://ingress.local");
  EXPECT_EQ(set.port, "8080");
}

TEST(IngressCheckTest, RetriesUntilAnsweredWithTheHostHeader) {
  std::atomic<int> calls{0};
  FakeHttpServer server([&](const ReceivedRequest&) {
    return Reply{++calls == 1 ? 503 : 200, "Hello world!"};
  });
  StopSignal stop;
  TestLog log("ingress");
  IngressCheck check(
      IngressTargetFrom("http://127.0.0.1", nullptr, std::to_string(server.port()).c_str()), stop,
      log);
  EXPECT_TRUE(check.all_answered());  // nothing to check yet
  // The event's port (4000) is ignored: the ingress controller's port is used.
  check.OnEvent(IngressInfo(4000, "job-1.ingress.example"), {});
  ASSERT_TRUE(WaitUntil([&] { return check.all_answered(); })) << check.DescribePending();
  std::vector<ReceivedRequest> got = server.Requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].headers["host"], "job-1.ingress.example");
  EXPECT_EQ(got[1].target, "/");
  EXPECT_EQ(check.DescribePending(), "");
}

TEST(IngressCheckTest, UnansweredUntilTheStopIsPendingWithItsLastError) {
  FakeHttpServer server([](const ReceivedRequest&) { return Reply{404, "default backend"}; });
  StopSignal stop;
  TestLog log("ingress");
  IngressCheck check(
      IngressTargetFrom("http://127.0.0.1", nullptr, std::to_string(server.port()).c_str()), stop,
      log);
  check.OnEvent(IngressInfo(4000, "h.example"), {});
  ASSERT_TRUE(WaitUntil([&] { return !server.Requests().empty(); }));
  ASSERT_TRUE(WaitUntil([&] {
    return check.DescribePending().find("HTTP 404") != std::string::npos;
  })) << check.DescribePending();
  stop.Stop("timed out after 1s");
  EXPECT_FALSE(check.all_answered());
  EXPECT_NE(check.DescribePending().find("ingress h.example not answered"), std::string::npos)
      << check.DescribePending();
}

TEST(IngressCheckTest, LocalstackTakesTheEventsPort) {
  FakeHttpServer server([](const ReceivedRequest&) { return Reply{200, "ok"}; });
  StopSignal stop;
  TestLog log("ingress");
  IngressTarget target;
  target.url = "http://127.0.0.1";
  target.port_from_event = true;
  IngressCheck check(target, stop, log);
  check.OnEvent(IngressInfo(server.port(), "job.local"), {});
  ASSERT_TRUE(WaitUntil([&] { return check.all_answered(); })) << check.DescribePending();
}

TEST(IngressCheckTest, TlsWithoutVerifyingTheCertificate) {
  char tmpl[] = "/tmp/ingress_check_test.XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  http::testing::TestCertificates certs = http::testing::MakeTestCertificates(dir);
  FakeHttpServer server(
      [](const ReceivedRequest&) {
        return Reply{200, "ok"};
      },
      http::testing::ServerTls{certs.server_cert, certs.server_key, ""});
  StopSignal stop;
  TestLog log("ingress");
  // No URL: https://HOST from the address, as ARMADA_EXECUTOR_USE_TLS asks.
  IngressCheck check(IngressTargetFrom(nullptr, "true", std::to_string(server.port()).c_str()),
                     stop, log);
  check.OnEvent(IngressInfo(4000, "127.0.0.1"), {});
  EXPECT_TRUE(WaitUntil([&] { return check.all_answered(); })) << check.DescribePending();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace armada::runner
