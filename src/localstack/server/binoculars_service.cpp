#include "localstack/server/binoculars_service.h"

#include "localstack/server/rpc_status.h"

namespace armada::localstack {

grpc::Status BinocularsService::Logs(grpc::ServerContext*, const binoculars::LogRequest* request,
                                     binoculars::LogResponse* response) {
  const auto& options = request->log_options();
  const char* unsupported = options.follow()                 ? "log_options.follow"
                            : options.previous()             ? "log_options.previous"
                            : options.timestamps()           ? "log_options.timestamps"
                            : options.has_sinceseconds()     ? "log_options.sinceSeconds"
                            : options.has_sincetime()        ? "log_options.sinceTime"
                            : !request->since_time().empty() ? "since_time"
                                                             : nullptr;
  if (unsupported != nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        std::string(unsupported) + " is not supported by armada-localstack");
  }
  if (!IsPlainName(request->job_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "job_id \"" + request->job_id() + "\" is not a job id");
  }
  if (!options.container().empty() && !IsPlainName(options.container())) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "log_options.container \"" + options.container() + "\" is not a container name");
  }
  const std::string pod_namespace =
      request->pod_namespace().empty() ? "default" : request->pod_namespace();
  const std::string held_in = namespace_of_(request->job_id());
  if (!held_in.empty() && held_in != pod_namespace) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "The pod with these logs doesn't exist - this is likely because the job "
                        "has finished and the pod has been cleaned up");
  }
  if (request->pod_number() != 0) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "job " + request->job_id() + " has no pod number " +
                            std::to_string(request->pod_number()) +
                            " (armada-localstack runs each job's pod once, as number 0)");
  }
  auto log = logs_.Read(request->job_id(), options.container(),
                        options.has_taillines() ? options.taillines() : -1,
                        options.has_limitbytes() ? options.limitbytes() : 0);
  if (!log.ok()) return grpc::Status(grpc::StatusCode::NOT_FOUND, log.status().message());
  // One LogLine per line, as Armada's Binoculars answers; a last line
  // without its newline (cut by limitBytes, or never ended) is one too.
  for (size_t start = 0; start < log->size();) {
    size_t end = log->find('\n', start);
    if (end == std::string::npos) end = log->size();
    response->add_log()->set_line(log->substr(start, end - start));
    start = end + 1;
  }
  return grpc::Status::OK;
}

grpc::Status BinocularsService::Cordon(grpc::ServerContext* context,
                                       const binoculars::CordonRequest* request,
                                       google::protobuf::Empty*) {
  return ToGrpcStatus(cordon_(*context, request->node_name()));
}

Status CordonNode(const Authorizer& authorizer, Cluster& cluster,
                  const grpc::ServerContextBase& context, const std::string& node) {
  auto caller = authorizer.Caller(context);
  if (!caller.ok()) return caller.status();
  if (!authorizer.HasPermission(*caller, "cordon_nodes")) {
    return Status::Error(StatusCode::kPermissionDenied,
                         "user " + caller->name + " does not have permission cordon_nodes");
  }
  return cluster.CordonNode(node);
}

}  // namespace armada::localstack
