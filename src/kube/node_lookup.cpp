#include "kube/node_lookup.h"

#include <nlohmann/json.hpp>

#include "kube/api_get.h"

namespace armada::kube {

StatusOr<std::string> FindNodeByPoolTag(const ClusterAccess& access, const std::string& tag,
                                        std::chrono::milliseconds timeout, std::string* warning) {
  warning->clear();
  const std::string selector = std::string(kNodePoolLabel) + "=" + tag;
  const std::string what = "listing nodes with label " + selector + " " + DescribeCluster(access);
  StatusOr<http::Response> response =
      ApiGet(access, "/api/v1/nodes?labelSelector=" + http::UrlEncode(selector), "application/json",
             timeout);
  if (!response.ok()) return Status::Error(what + ": " + response.status().message());
  if (response->status != 200) return Status::Error(what + ": " + DescribeApiRefusal(*response));

  const nlohmann::json body =
      nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("items") ||
      !body["items"].is_array()) {
    return Status::Error(what + ": the answer is not a Kubernetes NodeList");
  }
  const nlohmann::json& items = body["items"];
  if (items.empty()) return Status::Error("no node found with label " + selector);
  const nlohmann::json& first = items[0];
  if (!first.contains("metadata") || !first["metadata"].contains("name") ||
      !first["metadata"]["name"].is_string()) {
    return Status::Error(what + ": the first node has no metadata.name");
  }
  std::string name = first["metadata"]["name"].get<std::string>();
  if (items.size() > 1) {
    *warning = std::to_string(items.size()) + " nodes match label " + selector + "; using " + name;
  }
  return name;
}

}  // namespace armada::kube
