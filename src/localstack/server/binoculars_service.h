// Armada's Binoculars log API (binoculars.Binoculars/Logs) over the logs
// armada-localstack keeps (job_logs.h), so the runner's getLogs reads a
// job's log the same way from a real Armada and from the localstack.
//
// Contract:
// - pod_number must be 0 (the localstack runs a job's pod once); another
//   number, an unknown job or container: NOT_FOUND naming it.
// - log_options.container picks the container (empty: the only one);
//   log_options.tailLines and limitBytes bound the answer as Kubernetes
//   does; follow, previous, timestamps and since* are not supported and are
//   refused as INVALID_ARGUMENT naming the field, rather than ignored.
// - A job id or container that is not a plain name: INVALID_ARGUMENT.
// - The answer is one LogLine per line of the log, without its newline and
//   without a timestamp (the localstack keeps none).
// Thread-safe.
#pragma once

#include "api/binoculars.grpc.pb.h"
#include "localstack/kubelet/job_logs.h"

namespace armada::localstack {

class BinocularsService final : public binoculars::Binoculars::Service {
 public:
  explicit BinocularsService(const JobLogs& logs) : logs_(logs) {}

  grpc::Status Logs(grpc::ServerContext* context, const binoculars::LogRequest* request,
                    binoculars::LogResponse* response) override;

 private:
  const JobLogs& logs_;
};

}  // namespace armada::localstack
