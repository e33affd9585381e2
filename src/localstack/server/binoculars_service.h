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
// - pod_namespace names the pod's namespace, "default" when empty, as
//   Armada's Binoculars asks Kubernetes (internal/binoculars/service/
//   logs.go@v0.22.7): a job held in another namespace is NOT_FOUND in
//   Armada's words ("The pod with these logs doesn't exist - ...").
// - The answer is one LogLine per line of the log, without its newline and
//   without a timestamp (the localstack keeps none).
// - Cordon hands the node's name to `cordon` (CordonNode below in the server).
// Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "api/binoculars.grpc.pb.h"
#include "common/status.h"
#include "localstack/control/cluster.h"
#include "localstack/kubelet/job_logs.h"
#include "localstack/server/authorization.h"

namespace armada::localstack {

class BinocularsService final : public binoculars::Binoculars::Service {
 public:
  // The namespace of a job's pod, "" for a job not held (then the log alone
  // decides).
  using NamespaceOf = std::function<std::string(const std::string& job_id)>;
  using CordonFn = std::function<Status(const grpc::ServerContextBase&, const std::string& node)>;
  BinocularsService(const JobLogs& logs, NamespaceOf namespace_of, CordonFn cordon)
      : logs_(logs), namespace_of_(std::move(namespace_of)), cordon_(std::move(cordon)) {}

  grpc::Status Logs(grpc::ServerContext* context, const binoculars::LogRequest* request,
                    binoculars::LogResponse* response) override;
  grpc::Status Cordon(grpc::ServerContext* context, const binoculars::CordonRequest* request,
                      google::protobuf::Empty* response) override;

 private:
  const JobLogs& logs_;
  const NamespaceOf namespace_of_;
  const CordonFn cordon_;
};

// Armada's CordonNode (internal/binoculars/service/cordon.go@v0.22.7): the
// caller needs the global permission cordon_nodes (PERMISSION_DENIED "user U
// does not have permission cordon_nodes"), then Cluster::CordonNode.
Status CordonNode(const Authorizer& authorizer, Cluster& cluster,
                  const grpc::ServerContextBase& context, const std::string& node);

}  // namespace armada::localstack
