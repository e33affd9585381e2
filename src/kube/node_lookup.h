// Finds the Kubernetes node of an Armada node pool, as Armada's runner does
// for cancelOnNode/preemptOnNode's nodePoolTag: list the nodes labelled
// armadaproject.io/node-pool=TAG and take the first.
//
// Contract: no matching node is an error naming the selector; several are
// not, but *warning says which one was taken and how many matched. An HTTP
// error from the API server is an error carrying its status and the
// server's message.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "kube/kubeconfig.h"

namespace armada::kube {

inline constexpr char kNodePoolLabel[] = "armadaproject.io/node-pool";

// REQUIRES: warning != nullptr; it is cleared first.
StatusOr<std::string> FindNodeByPoolTag(const ClusterAccess& access, const std::string& tag,
                                        std::chrono::milliseconds timeout, std::string* warning);

}  // namespace armada::kube
