// What the API refuses before it looks anything up or stores anything, with
// INVALID_ARGUMENT naming the field:
// - a name or id (queue, job set, job id, client id, namespace, message id,
//   owner) longer than kMaxNameBytes. The refusal gives the length, never the
//   text: gRPC carries an error's message in a header, and echoing a 1 MB name
//   there makes the client fail that call and the next with "metadata size
//   exceeds limit". Limited this way, the names the other errors quote (such
//   as NOT_FOUND for a queue) stay small too.
// - a reason (cancel, preempt) longer than kMaxReasonBytes: it is copied into
//   every later event of the job.
// - a priority or priority factor that is not a finite number: the scheduler
//   orders by them, and NaN orders nothing.
// - a queue Armada refuses (pkg/client/queue/@v0.22.7): a priority factor
//   below 1, a permission subject kind other than User or Group, a label
//   with an empty key or value.
// Empty required fields are left to the calls themselves, which name them.
#pragma once

#include <cstddef>
#include <string>

#include "api/event.pb.h"
#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

inline constexpr size_t kMaxNameBytes = 1024;
inline constexpr size_t kMaxReasonBytes = 16 * 1024;

// `value` as the name or id in `field`.
Status CheckName(const std::string& value, const std::string& field);

Status CheckRequest(const api::JobSubmitRequest& request);
Status CheckRequest(const api::JobCancelRequest& request);
Status CheckRequest(const api::JobSetCancelRequest& request);
Status CheckRequest(const api::JobReprioritizeRequest& request);
Status CheckRequest(const api::JobPreemptRequest& request);
Status CheckRequest(const api::JobSetRequest& request);
// A queue to create or update; `field` is its path, e.g. "queues[2]" ("" for
// a single queue).
Status CheckQueue(const api::Queue& queue, const std::string& field = "");

}  // namespace armada::localstack
