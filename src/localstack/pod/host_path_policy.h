// Which host directories a pod's hostPath volumes may name: those under a
// prefix of localstack.yaml's allowedHostPaths (by whole path components:
// "/data" allows "/data" and "/data/x", not "/database"), always read-only.
// The model is Kubernetes' PodSecurityPolicy allowedHostPaths (removed in
// 1.25; Pod Security admission forbids hostPath outright in its baseline and
// restricted levels): with none listed, no hostPath is allowed.
//
// Contract: CheckHostPaths refuses, naming the field, a hostPath that is not
// absolute, has a "." or ".." component, or lies under no allowed prefix.
// HostPathAllowed answers the same for one path; the executor asks it again
// of the path with its links resolved (realpath), so a link under an
// allowed prefix leads nowhere else.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/pod/job_spec.h"

namespace armada::localstack {

bool HostPathAllowed(const std::string& path, const std::vector<std::string>& allowed);

// `pod_field` is the pod's path, e.g. "job_request_items[0].pod_specs[0]".
Status CheckHostPaths(const PodSpec& pod, const std::vector<std::string>& allowed,
                      const std::string& pod_field);

}  // namespace armada::localstack
