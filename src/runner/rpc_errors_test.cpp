#include "runner/rpc_errors.h"

#include <gtest/gtest.h>

#include "runner/backoff.h"

namespace armada::runner {
namespace {

bool Transient(grpc::StatusCode code, const std::string& message = "") {
  return IsTransientRpcError(grpc::Status(code, message));
}

TEST(RpcErrorsTest, TransportTroubleIsTransient) {
  EXPECT_TRUE(Transient(grpc::StatusCode::UNAVAILABLE));
  EXPECT_TRUE(Transient(grpc::StatusCode::DEADLINE_EXCEEDED));
  EXPECT_TRUE(Transient(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_TRUE(Transient(grpc::StatusCode::INTERNAL, "Received RST_STREAM with error code 2"));
  EXPECT_TRUE(Transient(grpc::StatusCode::INTERNAL, "Stream removed"));
  EXPECT_TRUE(IsTransientRpcError(grpc::Status::OK));  // a watch that ended
}

TEST(RpcErrorsTest, TheServersRefusalsArePermanent) {
  EXPECT_FALSE(Transient(grpc::StatusCode::INVALID_ARGUMENT, "unknown message id 12"));
  EXPECT_FALSE(Transient(grpc::StatusCode::NOT_FOUND));
  EXPECT_FALSE(Transient(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_FALSE(Transient(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_FALSE(Transient(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_FALSE(Transient(grpc::StatusCode::INTERNAL, "invalid UTF-8 in field reason"));
}

TEST(BackoffPolicyTest, DefaultsWaitAsLongAsArmadasRunner) {
  const BackoffPolicy policy;
  std::vector<long> delays;
  for (int i = 0; i < policy.retries; ++i) delays.push_back(policy.Delay(i).count());
  EXPECT_EQ(delays, (std::vector<long>{1000, 2000, 4000, 8000, 16000}));
  EXPECT_EQ(policy.Total().count(), 31000);
}

TEST(BackoffPolicyTest, DelaysAreCapped) {
  BackoffPolicy policy;
  policy.first = std::chrono::milliseconds(300);
  policy.max = std::chrono::milliseconds(1000);
  EXPECT_EQ(policy.Delay(0).count(), 300);
  EXPECT_EQ(policy.Delay(2).count(), 1000);
  EXPECT_EQ(policy.Delay(40).count(), 1000);
}

}  // namespace
}  // namespace armada::runner
