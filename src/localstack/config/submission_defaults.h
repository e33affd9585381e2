// What Armada's submit server fills into every pod spec it accepts besides
// resources (podLevelProcessors, internal/server/submit/conversion/
// post_process.go@v0.22.7, the same at v0.20.40), with the values of Armada's
// shipped server config (submission:, config/server/config.yaml@v0.22.7, the
// same at v0.20.40). The submitted event shows the result.
//
// Contract of ApplySubmissionDefaults, in Armada's order:
// - activeDeadlineSeconds, when unset: 1209600 (336h) when a container
//   requests nvidia.com/gpu, else 259200 (72h, defaultActiveDeadline).
// - priorityClassName, when empty: "armada-default".
// - tolerations: appended, armadaproject.io/armada=true:NoSchedule (Equal),
//   then for priority class armada-default or armada-preemptible
//   armadaproject.io/pc-<class>=true:NoSchedule.
// - terminationGracePeriodSeconds, when unset or 0: 1 (minTerminationGracePeriod).
// Resources are default_job_limits.h's. Armada's
// defaultJobTolerationsByResourceRequest (a GPU toleration) is not applied:
// no node here offers a GPU, so such a job never runs either way.
#pragma once

#include "api/submit.pb.h"

namespace armada::localstack {

void ApplySubmissionDefaults(k8s::io::api::core::v1::PodSpec* pod);

}  // namespace armada::localstack
