#include "runner/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using ::testing::AllOf;
using testing::FakeArmada;
using ::testing::HasSubstr;
using ::testing::Not;

ClientConfig At(const std::string& url, bool force_no_tls) {
  ClientConfig config;
  config.armada_url = url;
  config.force_no_tls = force_no_tls;
  return config;
}

TEST(ConnectionTest, HealthOfAPlaintextServer) {
  FakeArmada fake;
  EXPECT_TRUE(Connection(At(fake.address(), true)).CheckHealth(std::chrono::seconds(1)).ok());
}

TEST(ConnectionTest, TlsToAPlaintextServerNamesTheUrlAndTheSwitch) {
  FakeArmada fake;
  const Status status = Connection(At(fake.address(), false)).CheckHealth(std::chrono::seconds(1));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), AllOf(HasSubstr("cannot reach Armada at " + fake.address()),
                                      HasSubstr("forceNoTls")));
}

TEST(ConnectionTest, UnreachablePlaintextServerNamesTheUrl) {
  std::string address;
  {
    FakeArmada gone;
    address = gone.address();
  }
  const Status status = Connection(At(address, true)).CheckHealth(std::chrono::seconds(1));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("cannot reach Armada at " + address), Not(HasSubstr("TLS"))));
}

// The check ends with the user's --connect-timeout: the health call after
// it is not retried with backoff as other unary calls are.
TEST(ConnectionTest, UnreachableServerIsNamedWithinTheConnectTimeout) {
  std::string address;
  {
    FakeArmada gone;
    address = gone.address();
  }
  const auto started = std::chrono::steady_clock::now();
  const Status status = Connection(At(address, true)).CheckHealth(std::chrono::seconds(1));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("Connection refused"));
  // The retries' backoff alone was about 3 s; a slow machine gets room.
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

// A call whose credentials cannot be had fails with why, and never reaches
// the server; CheckHealth says so first, naming the mode.
TEST(ConnectionTest, CredentialsThatCannotBeHadFailTheCallWithoutReachingTheServer) {
  FakeArmada fake;
  ClientConfig config = At(fake.address(), true);
  config.auth.exec.cmd = "false";
  const Connection connection(config);
  const Status health = connection.CheckHealth(std::chrono::seconds(2));
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.message(),
            "cannot authenticate to Armada at " + fake.address() + ": execAuth: false: exited 1");

  auto context = connection.NewContext(std::chrono::seconds(5));
  api::JobSubmitRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  api::JobSubmitResponse response;
  const grpc::Status status = connection.submit().SubmitJobs(context.get(), request, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.error_message(), HasSubstr("execAuth: false: exited 1"));
  // gRPC's code for a failed credentials plugin, retried as a dropped
  // connection is (a provider down for a moment).
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << DescribeRpcError(status);
  EXPECT_EQ(fake.SubmitCalls(), 0);
}

}  // namespace
}  // namespace armada::runner
