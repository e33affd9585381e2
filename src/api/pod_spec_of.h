// The pod spec of a job: the one rule for which of a job's pod specs is the
// one that runs, as Armada's GetMainPodSpec (pkg/api/util.go@v0.22.7, same
// at v0.20.40): the deprecated single `podSpec` when it is set, else the
// first of `podSpecs`. Everything that reads a job's containers (the
// runner's getLogs, armada-localstack's admission, scheduling and pods)
// asks here.
#pragma once

#include "api/submit.pb.h"

namespace armada {

// The item's pod spec; an empty PodSpec when it has none.
const k8s::io::api::core::v1::PodSpec& PodSpecOf(const api::JobSubmitRequestItem& item);
// The job's pod spec, by the same rule.
const k8s::io::api::core::v1::PodSpec& PodSpecOf(const api::Job& job);

}  // namespace armada
