// armada-localstack's own settings (e2e-config/localstack.yaml, see
// api/localstack_config.proto for each key): the images jobs may name, the
// namespaces that exist, and the nodes (name, labels, taints, capacity; see
// nodes.h for how they become the cluster's).
//
// Contract: read once at start-up by the test cases' strict reader
// (testcase/yaml_to_proto.h), so an unknown key, a wrong type or bad YAML is
// an error `FILE:LINE:COLUMN: PATH: MESSAGE`, every one in the file at once.
// Beyond that: an image needs a name and names are unique; at least one
// namespace; defaultJobLimits' values are non-negative Kubernetes
// quantities; a node needs a name and names are unique; a taint needs a key
// and an effect of NoSchedule, PreferNoSchedule or NoExecute; a node's cpu
// and memory, when given, are positive Kubernetes quantities; an
// allowedHostPaths entry is an absolute path without "." or ".."; podSubnet
// is one ParsePodSubnet takes; podIdRanges is at most kMaxPodIdRanges. In `auth`,
// kubernetesAuth and kerberos are refused by name; openIdAuth needs
// providerUrl, and clientId unless skipClientIDCheck.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/localstack_config.pb.h"
#include "common/status.h"
#include "localstack/config/default_job_limits.h"
#include "localstack/pod/pod_ids.h"
#include "localstack/pod/pod_subnet.h"

namespace armada::localstack {

class LocalstackSettings {
 public:
  LocalstackSettings() = default;
  explicit LocalstackSettings(config::LocalstackConfig config) : config_(std::move(config)) {}

  // The image table's entry for a pod's `image` (docker.io/library/ and a
  // tag-less entry's any tag taken into account), or nullptr.
  const config::Image* FindImage(const std::string& image) const;
  bool HasNamespace(const std::string& name) const;
  // The prefixes hostPath volumes must lie under (host_path_policy.h).
  std::vector<std::string> allowed_host_paths() const {
    return {config_.allowed_host_paths().begin(), config_.allowed_host_paths().end()};
  }
  // The pod subnet and the number of pod id ranges (pod_subnet.h).
  std::string pod_subnet() const {
    return config_.pod_subnet().empty() ? kDefaultPodSubnet : config_.pod_subnet();
  }
  uint32_t pod_id_ranges() const {
    return config_.pod_id_ranges() == 0 ? kDefaultPodIdRanges : config_.pod_id_ranges();
  }
  // As listed; empty when the file lists none (nodes.h supplies one then).
  const google::protobuf::RepeatedPtrField<config::Node>& nodes() const { return config_.nodes(); }
  // Who may call besides the holder of the server's token (api/localstack_config.proto).
  const config::Auth& auth() const { return config_.auth(); }
  // The file's defaultJobLimits, else Armada's (default_job_limits.h).
  ResourceDefaults default_job_limits() const;

 private:
  config::LocalstackConfig config_;
};

// The settings armada-localstack reads beside `executor_config_path` when
// no --localstack-config is given: localstack.yaml in the same folder, else
// the shipped e2e-config/localstack.yaml (common/shipped_file.h). One rule,
// so that `armada-testsuite --local` reads the file the server reads.
StatusOr<std::string> DefaultLocalstackConfigPath(const std::string& executor_config_path);

// Reads and checks the settings at `path`.
StatusOr<LocalstackSettings> LoadLocalstackConfig(const std::string& path);
// As above from YAML text; `source` names it in errors.
StatusOr<LocalstackSettings> ParseLocalstackConfig(std::string_view yaml,
                                                   const std::string& source);

}  // namespace armada::localstack
