// armada-localstack's own settings (e2e-config/localstack.yaml, see
// api/localstack_config.proto for each key): the images jobs may name, the
// namespaces that exist, and the node's name, labels and taints.
//
// Contract: read once at start-up by the test cases' strict reader
// (testcase/yaml_to_proto.h), so an unknown key, a wrong type or bad YAML is
// an error `FILE:LINE:COLUMN: PATH: MESSAGE`, every one in the file at once.
// Beyond that: an image needs a name and names are unique; at least one
// namespace; a taint needs a key and an effect of NoSchedule,
// PreferNoSchedule or NoExecute.
#pragma once

#include <string>
#include <string_view>

#include "api/localstack_config.pb.h"
#include "common/status.h"

namespace armada::localstack {

class LocalstackSettings {
 public:
  LocalstackSettings() = default;
  explicit LocalstackSettings(config::LocalstackConfig config) : config_(std::move(config)) {}

  // The image table's entry for a pod's `image` (docker.io/library/ and a
  // tag-less entry's any tag taken into account), or nullptr.
  const config::Image* FindImage(const std::string& image) const;
  bool HasNamespace(const std::string& name) const;
  const config::Node& node() const { return config_.node(); }

 private:
  config::LocalstackConfig config_;
};

// Reads and checks the settings at `path`.
StatusOr<LocalstackSettings> LoadLocalstackConfig(const std::string& path);
// As above from YAML text; `source` names it in errors.
StatusOr<LocalstackSettings> ParseLocalstackConfig(std::string_view yaml,
                                                   const std::string& source);

}  // namespace armada::localstack
