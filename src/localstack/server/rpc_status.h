// The one place a Status becomes a gRPC answer: its code by number (Status
// codes are gRPC's), its message, and, for a refusal with a reason, a
// google.rpc.Status in the trailers holding a google.rpc.ErrorInfo (domain
// armada-localstack, the reason and its metadata), as Google's API errors
// carry theirs.
#pragma once

#include <grpcpp/support/status.h>

#include "common/status.h"

namespace armada::localstack {

grpc::Status ToGrpcStatus(const Status& status);

}  // namespace armada::localstack
