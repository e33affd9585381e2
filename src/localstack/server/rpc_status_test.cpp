#include "localstack/server/rpc_status.h"

#include <gtest/gtest.h>

#include "api/google_rpc.pb.h"
#include "api/localstack_protocol.h"

namespace armada::localstack {
namespace {

TEST(RpcStatus, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(Status()).ok()); }

TEST(RpcStatus, EachCodeKeepsItsNumberAndMessage) {
  for (int code = 1; code <= 16; ++code) {
    const grpc::Status s = ToGrpcStatus(Status::Error(static_cast<StatusCode>(code), "why"));
    EXPECT_EQ(static_cast<int>(s.error_code()), code);
    EXPECT_EQ(s.error_message(), "why");
    EXPECT_TRUE(s.error_details().empty()) << "no reason, no details";
  }
}

TEST(RpcStatus, AReasonTravelsAsAnErrorInfo) {
  const grpc::Status s =
      ToGrpcStatus(Status::InvalidArgument("items[0].services: needs it")
                       .WithReason(kNeedsKubernetesReason, {{"field", "items[0].services"}}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), "items[0].services: needs it");
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), kNeedsKubernetesReason);
  EXPECT_EQ(info.domain(), kLocalstackErrorDomain);
  EXPECT_EQ(info.metadata().at("field"), "items[0].services");
}

}  // namespace
}  // namespace armada::localstack
