// Jobs a pod runner cannot hold to their limits. As root, armada-localstack
// refuses to start without memory, CPU and process limits and isolation
// (local_server.h); without root it starts, and a job that would run without
// a limit it asks for (or unisolated, as every process job would) is refused
// at submit instead of running on the host unconfined.
//
// Contract:
// - Refusal: nullopt when `limits` leaves nothing unenforced; else
//   FAILED_PRECONDITION carrying a google.rpc.ErrorInfo of reason
//   kNeedsRootReason (api/localstack_protocol.h), metadata "field" naming
//   the first limit the item asks for that is missing (a container's
//   resources.limits.memory or .cpu) else the item. The message starts
//   "needs root for WHAT" (memory limits first, then CPU limits, then
//   isolation), says why (limits.details) and how to proceed.
#pragma once

#include <optional>
#include <string>

#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

struct UnenforcedLimits {
  bool memory = false;     // memory limits and OOM detection
  bool cpu = false;        // CPU quota
  bool isolation = false;  // namespaces, the process limit: every job needs them
  // The host's reasons, one sentence (cgroup and isolation problems).
  std::string details;

  bool any() const { return memory || cpu || isolation; }
};

// `field` is the item's path, e.g. "job_request_items[0]".
std::optional<Status> RefuseUnenforced(const api::JobSubmitRequestItem& item,
                                       const std::string& field, const UnenforcedLimits& limits);

}  // namespace armada::localstack
