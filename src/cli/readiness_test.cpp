#include "cli/readiness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "http/testing/fake_http_server.h"

namespace armada::cli {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;

// As Armada's ArmadaHealthCheck (pkg/client/connection.go@v0.22.7): GET
// URL/health, "http://" added to a URL without a scheme, 200..399 healthy.
TEST(ReadinessTest, RestHealthOutsideTwoHundredToThreeNinetyNineFails) {
  std::atomic<int> status{204};
  FakeHttpServer server([&](const ReceivedRequest&) { return Reply{status.load(), ""}; });
  const std::string without_scheme = "127.0.0.1:" + std::to_string(server.port());
  EXPECT_TRUE(CheckRestHealth(without_scheme, std::chrono::seconds(5)).ok());
  status = 399;
  EXPECT_TRUE(CheckRestHealth(server.url(), std::chrono::seconds(5)).ok());
  status = 503;
  const Status failed = CheckRestHealth(server.url(), std::chrono::seconds(5));
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("/health answered 503"));
  ASSERT_EQ(server.Requests().size(), 3u);
  EXPECT_EQ(server.Requests()[0].method, "GET");
  EXPECT_EQ(server.Requests()[0].target, "/health");
}

TEST(ReadinessTest, WithoutRestUrlOrConnectTimeoutNothingIsCheckedFirst) {
  runner::ClientConfig config;
  config.armada_url = "127.0.0.1:1";  // nobody listens there
  config.force_no_tls = true;
  runner::Connection connection(config);
  EXPECT_TRUE(AwaitReadiness(config, connection, std::nullopt, /*local=*/false).ok());
  // --connect-timeout asks for the gRPC check, which fails here.
  EXPECT_FALSE(
      AwaitReadiness(config, connection, std::chrono::milliseconds(200), /*local=*/false).ok());
}

TEST(ReadinessTest, ARestUrlIsCheckedInsteadOfTheGrpcServer) {
  FakeHttpServer server([](const ReceivedRequest&) { return Reply{500, ""}; });
  runner::ClientConfig config;
  config.armada_url = "127.0.0.1:1";
  config.force_no_tls = true;
  config.armada_rest_url = server.url();
  runner::Connection connection(config);
  const Status ready = AwaitReadiness(config, connection, std::nullopt, /*local=*/false);
  ASSERT_FALSE(ready.ok());
  EXPECT_THAT(ready.message(), HasSubstr("health check failed"));
}

}  // namespace
}  // namespace armada::cli
