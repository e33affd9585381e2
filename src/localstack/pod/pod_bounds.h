// The bounds a submitted pod must keep beyond job_spec.h's checks, as
// Armada's server and Kubernetes' API server keep them, so that nothing a job
// names can make the server hold or compute more than it means to:
// - Armada refuses a pod spec whose serialized size exceeds
//   submission.maxPodSpecSizeBytes, 65 535 bytes in its default server config
//   (internal/server/submit/validation/submit_request.go and
//   config/server/config.yaml, both @v0.22.7).
// - Kubernetes refuses activeDeadlineSeconds outside 1..2147483647
//   (MaxInt32) and a negative terminationGracePeriodSeconds; Armada's server
//   refuses a grace period other than 0 outside [1 s, 5 min]
//   (minTerminationGracePeriod, maxTerminationGracePeriod @v0.22.7).
// An error names the field, e.g. `job_request_items[0].pod_specs[0].
// activeDeadlineSeconds: 0 must be between 1 and 2147483647, inclusive`.
// Quantities saturate instead (resources.h): a pod asking more than any node
// has stays queued.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/submit.pb.h"
#include "common/status.h"

namespace armada::localstack {

inline constexpr size_t kMaxPodSpecBytes = 65535;
inline constexpr int64_t kMaxActiveDeadlineSeconds = 2147483647;
inline constexpr int64_t kMinGraceSeconds = 1;
inline constexpr int64_t kMaxGraceSeconds = 300;

// The path of the item's pod spec, e.g. "job_request_items[0].pod_specs[0]".
std::string PodField(const api::JobSubmitRequestItem& item, const std::string& field);

// REQUIRES: ValidateSubmitItem(item, field) passed.
Status CheckPodBounds(const api::JobSubmitRequestItem& item, const std::string& field);

}  // namespace armada::localstack
