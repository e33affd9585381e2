// The container logs armada-localstack keeps after a job ends, for its
// Binoculars service (binoculars_service.h): a pod's job directory, with
// each container's <name>.log, is removed when the pod ends, so the
// executor hands the logs to JobLogs first.
//
// Contract:
// - Keep copies each non-empty <container>.log of a job directory to
//   DIR/<job id>/<container>.log, at most kMaxKeptBytes per container (the
//   log's end, from a line start when one lies within it). Nothing of the
//   job directory is moved or changed.
// - The kept logs live until Forget (the job set released, see
//   job_set_retention.h) or as long as DIR (the server's run directory,
//   removed at its stop).
// - Read refuses a job id or container name that is not a plain name (no
//   path separator, no dot-dot, only [A-Za-z0-9._-]) before touching the
//   file system. An empty container means the job's only container.
// Thread-safe (files are written whole under a temporary name, then renamed).
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace armada::localstack {

constexpr int64_t kMaxKeptBytes = 1 << 20;

class JobLogs {
 public:
  // DIR is created on the first Keep.
  explicit JobLogs(std::string dir) : dir_(std::move(dir)) {}

  // Keeps the container logs of job_dir for job_id; problems are returned,
  // the job's outcome does not depend on them.
  Status Keep(const std::string& job_id, const std::string& job_dir) const;

  // Removes what is kept of the job; a job id that is not a plain name is
  // ignored.
  void Forget(const std::string& job_id) const;

  // The kept log of a job's container: its last tail_lines lines (all when
  // < 0), then at most limit_bytes of their end (no limit when <= 0).
  // NOT_FOUND-style errors name the job and container; a job with several
  // logs and no container named lists them.
  StatusOr<std::string> Read(const std::string& job_id, const std::string& container,
                             int64_t tail_lines, int64_t limit_bytes) const;

 private:
  std::string dir_;
};

// Is name usable as one path component: [A-Za-z0-9._-]+, not "." or "..".
bool IsPlainName(const std::string& name);

}  // namespace armada::localstack
