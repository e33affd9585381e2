#include "runner/job_log_source.h"

namespace armada::runner {

JobLogSource BinocularsLogSource(const Connection& connection) {
  return [&connection](const JobLogRequest& request) -> StatusOr<std::string> {
    binoculars::LogRequest call;
    call.set_job_id(request.job_id);
    call.set_pod_number(0);
    call.set_pod_namespace(request.pod_namespace);
    call.mutable_log_options()->set_container(request.container);
    call.mutable_log_options()->set_taillines(request.tail_lines);
    binoculars::LogResponse response;
    auto context = connection.NewContext(std::chrono::seconds(10));
    const grpc::Status status = connection.binoculars().Logs(context.get(), call, &response);
    if (!status.ok()) {
      return Status::Error("Binoculars at " + connection.url() + ": " + DescribeRpcError(status));
    }
    return response.log();
  };
}

}  // namespace armada::runner
