// Armada's executor config file as armada-localstack uses it, read and parsed
// once at start-up and handed, parsed, to those who need it: the cluster's
// identity (application.clusterId, application.pool) and the failure
// categories (application.errorCategories and, for the first releases of its
// map shape, application.enableJobErrorCategorization; see classifier.h for
// which Armada generation each shape is).
//
// Contract: an absent key keeps its default; keys this server has no use for
// are ignored, since a real executor config has many; an unreadable file,
// malformed YAML, a non-mapping `application` or a non-scalar clusterId or
// pool is an error naming the file (and the key and line:column where there
// is one).
#pragma once

#include <string>

#include "common/status.h"
#include "localstack/config/classifier.h"

namespace armada::localstack {

// Which Armada armada-localstack answers as, chosen by the shape of the
// executor config's errorCategories (classifier.h): the list of
// v0.20.37-v0.20.40 means v0.20.40; the map of v0.20.41 on means v0.22.7, the
// release Armada's CI runs (with, e.g., its 50-byte cancel and preempt
// reasons, internal/server/submit/validation/job_set.go@v0.22.7). No
// errorCategories: v0.20.40, the shape's default.
enum class ArmadaGeneration { kV0_20_40, kV0_22_7 };

struct ExecutorConfig {
  std::string cluster_id = "localstack";
  std::string pool = "default";
  Classifier classifier;
  ArmadaGeneration generation = ArmadaGeneration::kV0_20_40;
};

// Reads and parses the executor config at `path`.
StatusOr<ExecutorConfig> LoadExecutorConfig(const std::string& path);
// Parses an executor config from YAML text; `source` names it in errors.
StatusOr<ExecutorConfig> ParseExecutorConfig(const std::string& yaml, const std::string& source);

}  // namespace armada::localstack
