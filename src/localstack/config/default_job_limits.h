// The one default-resources rule: Armada's submission.defaultJobLimits
// (defaultResource in internal/server/submit/conversion/post_process.go@v0.22.7,
// same at v0.20.40), applied by armada-localstack to every job it accepts and
// by whoever else needs a job's effective resources (the security defaults of
// the kubelet, for one), so no second rule exists.
//
// Contract:
// - ArmadaDefaultJobLimits() is Armada's shipped value
//   (config/server/config.yaml@v0.22.7): cpu "1", memory "1Gi",
//   ephemeral-storage "8Gi". localstack.yaml's `defaultJobLimits` replaces it
//   (LocalstackSettings::default_job_limits()).
// - ApplyDefaultJobLimits: for each container and init container, each
//   resource of `defaults` the container names neither in requests nor in
//   limits is added to both, with the default's text. Resources the container
//   names keep their values. Applied after submit validation, as Armada does:
//   a container with no resources at all is refused before this runs.
#pragma once

#include <map>
#include <string>

#include "api/submit.pb.h"

namespace armada::localstack {

// Resource name -> Kubernetes quantity text.
using ResourceDefaults = std::map<std::string, std::string>;

ResourceDefaults ArmadaDefaultJobLimits();

void ApplyDefaultJobLimits(const ResourceDefaults& defaults, k8s::io::api::core::v1::PodSpec* pod);

}  // namespace armada::localstack
