#include "runner/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/fake_armada.h"

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

}  // namespace
}  // namespace armada::runner
