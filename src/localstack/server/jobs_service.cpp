#include "localstack/server/jobs_service.h"

#include "localstack/server/rpc_status.h"

namespace armada::localstack {
namespace {

// Armada's words for a request over maxQueryItems; `what` as each method
// spells it.
Status CheckCount(int count, const std::string& what) {
  if (count <= kMaxQueryItems) return Status();
  return Status::Error(StatusCode::kUnknown, "request contained more than " +
                                                 std::to_string(kMaxQueryItems) + " " + what);
}

}  // namespace

grpc::Status JobsService::GetJobStatus(grpc::ServerContext*, const api::JobStatusRequest* request,
                                       api::JobStatusResponse* response) {
  if (Status s = CheckCount(request->job_ids_size(), "jobIds"); !s.ok()) return ToGrpcStatus(s);
  auto& states = *response->mutable_job_states();
  for (const std::string& id : request->job_ids()) {
    JobHistory history;
    states[id] = cluster_.Describe(id, false, &history, nullptr) ? history.state() : api::UNKNOWN;
  }
  return grpc::Status::OK;
}

grpc::Status JobsService::GetJobStatusUsingExternalJobUri(
    grpc::ServerContext*, const api::JobStatusUsingExternalJobUriRequest* request,
    api::JobStatusResponse* response) {
  if (request->external_job_uri().empty()) {
    return ToGrpcStatus(
        Status::Error(StatusCode::kUnknown, "request must contain external job uri"));
  }
  auto& states = *response->mutable_job_states();
  for (const std::string& id : cluster_.JobsWithExternalUri(request->queue(), request->jobset(),
                                                            request->external_job_uri())) {
    JobHistory history;
    if (cluster_.Describe(id, false, &history, nullptr)) states[id] = history.state();
  }
  return grpc::Status::OK;
}

grpc::Status JobsService::GetJobDetails(grpc::ServerContext*, const api::JobDetailsRequest* request,
                                        api::JobDetailsResponse* response) {
  if (Status s = CheckCount(request->job_ids_size(), "jobIds"); !s.ok()) return ToGrpcStatus(s);
  auto& details = *response->mutable_job_details();
  for (const std::string& id : request->job_ids()) {
    JobHistory history;
    api::Job spec;
    if (!cluster_.Describe(id, request->expand_job_spec(), &history, &spec)) continue;
    api::JobDetails& entry = details[id] = history.Details(request->expand_job_run());
    if (request->expand_job_spec()) *entry.mutable_job_spec() = std::move(spec);
  }
  return grpc::Status::OK;
}

grpc::Status JobsService::GetJobErrors(grpc::ServerContext*, const api::JobErrorsRequest* request,
                                       api::JobErrorsResponse* response) {
  if (Status s = CheckCount(request->job_ids_size(), "JobIds"); !s.ok()) return ToGrpcStatus(s);
  auto& errors = *response->mutable_job_errors();
  for (const std::string& id : request->job_ids()) {
    JobHistory history;
    if (cluster_.Describe(id, false, &history, nullptr)) errors[id] = history.error();
  }
  return grpc::Status::OK;
}

grpc::Status JobsService::GetJobRunDetails(grpc::ServerContext*,
                                           const api::JobRunDetailsRequest* request,
                                           api::JobRunDetailsResponse* response) {
  if (Status s = CheckCount(request->run_ids_size(), "RunIds"); !s.ok()) return ToGrpcStatus(s);
  auto& runs = *response->mutable_job_run_details();
  for (const std::string& run_id : request->run_ids()) {
    JobHistory history;
    const std::string job_id = cluster_.JobOfRun(run_id);
    if (job_id.empty() || !cluster_.Describe(job_id, false, &history, nullptr)) continue;
    if (history.has_run() && history.run().run_id() == run_id) runs[run_id] = history.run();
  }
  return grpc::Status::OK;
}

grpc::Status JobsService::GetActiveQueues(grpc::ServerContext*, const api::GetActiveQueuesRequest*,
                                          api::GetActiveQueuesResponse* response) {
  for (const auto& [pool, queues] : cluster_.ActiveQueuesByPool()) {
    auto& entry = (*response->mutable_active_queues_by_pool())[pool];
    for (const std::string& queue : queues) entry.add_queues(queue);
  }
  return grpc::Status::OK;
}

}  // namespace armada::localstack
