#include "kube/pod_log.h"

#include "http/http_client.h"
#include "kube/api_get.h"

namespace armada::kube {

std::string ArmadaPodName(const std::string& job_id, int pod_number) {
  return "armada-" + job_id + "-" + std::to_string(pod_number);
}

StatusOr<std::string> ReadPodLog(const ClusterAccess& access, const PodLogQuery& query,
                                 std::chrono::milliseconds timeout) {
  const std::string pod_namespace = query.pod_namespace.empty() ? "default" : query.pod_namespace;
  std::string path = "/api/v1/namespaces/" + http::UrlEncode(pod_namespace) + "/pods/" +
                     http::UrlEncode(query.pod) + "/log";
  std::string separator = "?";
  const auto add = [&](const char* name, const std::string& value) {
    path += separator + name + "=" + http::UrlEncode(value);
    separator = "&";
  };
  if (!query.container.empty()) add("container", query.container);
  if (query.tail_lines >= 0) add("tailLines", std::to_string(query.tail_lines));
  if (query.limit_bytes > 0) add("limitBytes", std::to_string(query.limit_bytes));

  const std::string what = "the log of pod " + query.pod + " in namespace " + pod_namespace +
                           (query.container.empty() ? "" : ", container " + query.container) + " " +
                           DescribeCluster(access);
  StatusOr<http::Response> response = ApiGet(access, path, "text/plain", timeout);
  if (!response.ok()) return Status::Error(what + ": " + response.status().message());
  if (response->status == 200) return std::move(response->body);
  std::string message = what + ": " + DescribeApiRefusal(*response);
  if (response->status == 404) {
    message += " (Armada's executor deletes a job's pod some time after the job ends)";
  }
  return Status::Error(message);
}

}  // namespace armada::kube
