// The one place that decides whether a failed gRPC call is worth another
// attempt. The event watcher resumes a stream on a transient error and ends
// at once on a permanent one; the unary calls' retry policy (connection.cpp)
// retries the subset of the transient codes that cannot be a call's own
// deadline (UNAVAILABLE, RESOURCE_EXHAUSTED).
//
// Contract:
// - Transient: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED,
//   CANCELLED (the server's or a proxy's; the caller's own cancel is its
//   own business), an OK end of a stream that should not end, and INTERNAL
//   when its message shows the transport (HTTP/2 stream reset, a stream
//   removed or terminated) rather than the server's handler.
// - Permanent: every other code, among them INVALID_ARGUMENT (e.g. an
//   unknown message id after a server lost its state), NOT_FOUND,
//   UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED and a handler's
//   INTERNAL: the same request would get the same answer.
#pragma once

#include <grpcpp/grpcpp.h>

namespace armada::runner {

bool IsTransientRpcError(const grpc::Status& status);

}  // namespace armada::runner
