#include "localstack/server/rpc_status.h"

#include "api/google_rpc.pb.h"
#include "api/localstack_protocol.h"

namespace armada::localstack {

grpc::Status ToGrpcStatus(const Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.reason().empty()) return grpc::Status(code, status.message());
  google::rpc::ErrorInfo info;
  info.set_reason(status.reason());
  info.set_domain(kLocalstackErrorDomain);
  for (const auto& [key, value] : status.metadata()) (*info.mutable_metadata())[key] = value;
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(status.message());
  details.add_details()->PackFrom(info);
  return grpc::Status(code, status.message(), details.SerializeAsString());
}

}  // namespace armada::localstack
