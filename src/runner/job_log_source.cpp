#include "runner/job_log_source.h"

#include "kube/api_get.h"
#include "kube/pod_log.h"

namespace armada::runner {

JobLogSource BinocularsLogSource(const Connection& connection) {
  JobLogSource source;
  source.where = "Binoculars at " + connection.url();
  source.fetch = [&connection](const JobLogRequest& request) -> StatusOr<std::string> {
    binoculars::LogRequest call;
    call.set_job_id(request.job_id);
    call.set_pod_number(0);
    call.set_pod_namespace(request.pod_namespace);
    call.mutable_log_options()->set_container(request.container);
    call.mutable_log_options()->set_taillines(request.tail_lines);
    call.mutable_log_options()->set_limitbytes(request.limit_bytes);
    binoculars::LogResponse response;
    auto context = connection.NewContext(std::chrono::seconds(10));
    const grpc::Status status = connection.binoculars().Logs(context.get(), call, &response);
    if (!status.ok()) {
      return Status::Error("Binoculars at " + connection.url() + ": " + DescribeRpcError(status));
    }
    std::string text;
    for (const binoculars::LogLine& line : response.log()) text += line.line() + "\n";
    return text;
  };
  return source;
}

JobLogSource KubernetesLogSource(kube::ClusterAccess access) {
  JobLogSource source;
  source.where = "the Kubernetes API " + kube::DescribeCluster(access);
  source.fetch = [access = std::move(access)](const JobLogRequest& request) {
    kube::PodLogQuery query;
    query.pod_namespace = request.pod_namespace;
    query.pod = kube::ArmadaPodName(request.job_id, 0);
    query.container = request.container;
    query.tail_lines = request.tail_lines;
    query.limit_bytes = request.limit_bytes;
    return kube::ReadPodLog(access, query, std::chrono::seconds(10));
  };
  return source;
}

JobLogSource ChooseJobLogSource(const Connection* binoculars,
                                const StatusOr<kube::ClusterAccess>& cluster) {
  if (binoculars != nullptr) return BinocularsLogSource(*binoculars);
  if (cluster.ok()) return KubernetesLogSource(*cluster);
  JobLogSource none;
  none.where =
      "job logs come from Binoculars (--binocularsUrl, or binocularsUrl in the client config's "
      "context) or the Kubernetes API of kubeconfig's current context; neither is configured "
      "(" +
      cluster.status().message() + ")";
  return none;
}

}  // namespace armada::runner
