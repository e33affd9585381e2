// Armada's query API, api.Jobs (internal/server/queryapi/query_api.go@v0.22.7,
// the same at v0.20.40), over what the control plane holds of each job
// (control/job_history.h).
//
// Contract, as Armada answers:
// - More than kMaxQueryItems ids (Armada's queryapi.maxQueryItems default,
//   config/server/config.yaml@v0.22.7) is UNKNOWN "request contained more
//   than 500 jobIds" (RunIds, JobIds for the errors), a plain error in Armada.
// - GetJobStatus: every id asked, UNKNOWN for one the server does not hold.
// - GetJobDetails, GetJobErrors, GetJobRunDetails: only the ids held; an
//   unknown id is left out. Details carry job_spec only with expand_job_spec
//   and the runs only with expand_job_run. A job's error is its run's
//   failure or preemption reason, "" when it has none.
// - GetJobStatusUsingExternalJobUri: an empty URI is UNKNOWN "request must
//   contain external job uri"; otherwise the states of the queue's job set's
//   jobs with that URI (none: an empty map).
// - GetActiveQueues: the queues with leased or running jobs under the
//   cluster's pool.
// A job whose job set armada-localstack has released (job_set_retention.h)
// is unknown here, where Armada's Lookout database still holds it.
#pragma once

#include "api/job.grpc.pb.h"
#include "localstack/control/cluster.h"

namespace armada::localstack {

inline constexpr int kMaxQueryItems = 500;

class JobsService final : public api::Jobs::Service {
 public:
  explicit JobsService(const Cluster& cluster) : cluster_(cluster) {}

  grpc::Status GetJobStatus(grpc::ServerContext*, const api::JobStatusRequest* request,
                            api::JobStatusResponse* response) override;
  grpc::Status GetJobStatusUsingExternalJobUri(
      grpc::ServerContext*, const api::JobStatusUsingExternalJobUriRequest* request,
      api::JobStatusResponse* response) override;
  grpc::Status GetJobDetails(grpc::ServerContext*, const api::JobDetailsRequest* request,
                             api::JobDetailsResponse* response) override;
  grpc::Status GetJobErrors(grpc::ServerContext*, const api::JobErrorsRequest* request,
                            api::JobErrorsResponse* response) override;
  grpc::Status GetJobRunDetails(grpc::ServerContext*, const api::JobRunDetailsRequest* request,
                                api::JobRunDetailsResponse* response) override;
  grpc::Status GetActiveQueues(grpc::ServerContext*, const api::GetActiveQueuesRequest*,
                               api::GetActiveQueuesResponse* response) override;

 private:
  const Cluster& cluster_;
};

}  // namespace armada::localstack
