#include "runner/rpc_errors.h"

#include <array>
#include <string_view>

namespace armada::runner {
namespace {

// What gRPC's transport (not a handler) says when it ends a call with
// INTERNAL: a peer's RST_STREAM, a stream torn down under the call.
bool IsTransportInternal(const std::string& message) {
  static constexpr std::array<std::string_view, 5> kTransport = {
      "RST_STREAM", "Stream removed", "stream terminated", "Socket closed", "transport"};
  for (std::string_view marker : kTransport) {
    if (message.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool IsTransientRpcError(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::CANCELLED:
      return true;
    case grpc::StatusCode::INTERNAL:
      return IsTransportInternal(status.error_message());
    default:
      return false;
  }
}

}  // namespace armada::runner
