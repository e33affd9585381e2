// Where getLogs reads a failed job's container log: Armada's Binoculars
// service (binoculars.Binoculars/Logs) or, on a cluster without one, the
// Kubernetes pod log; the host picks one (runner/test_environment.h).
//
// Contract: a source returns the container's last tail_lines lines, or an
// error saying why there are none (NOT_FOUND, unreachable, ...). Sources are
// called from the tests' threads and must be thread-safe.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"
#include "runner/connection.h"

namespace armada::runner {

struct JobLogRequest {
  std::string job_id;
  std::string pod_namespace;
  std::string container;
  int tail_lines = 20;
};

using JobLogSource = std::function<StatusOr<std::string>(const JobLogRequest&)>;

// Binoculars' Logs through connection (which must outlive the source), for
// the job's first pod (number 0), with a 10s deadline per call.
JobLogSource BinocularsLogSource(const Connection& connection);

}  // namespace armada::runner
