// The one way this project reads YAML it did not write (test cases, the
// client config, the executor config, armada-localstack's settings): with the file's size, its
// number of documents, its number of nodes and its nesting bounded before yaml-cpp builds anything,
// so no input decides how much memory or time it takes.
//
// Why a guard ahead of yaml-cpp: its document loop never ends on some inputs
// (a lone `,` yields empty documents forever), a node costs it hundreds of
// bytes (a 16 MiB flow list becomes gigabytes), and an alias is shared, not
// copied, so a few lines of aliases ("alias bomb") expand to billions of
// nodes for whoever walks the tree. ParseYaml first reads the text through
// yaml-cpp's event API, counting, and refuses it at the first limit crossed;
// only text within every limit is then loaded into nodes.
//
// Contract:
// - Nodes are counted as a reader walking the tree meets them: an alias counts
//   as every node of what it names. An alias inside the node it names (a
//   cycle, which yaml-cpp would build) is refused.
// - Positions are 1-based line and column; columns count bytes, as yaml-cpp's.
// - ReadYamlFile reads the file with common/read_file.h, bounded by max_bytes.
// - No exception leaves these functions.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace armada {

struct YamlLimits {
  size_t max_bytes = 1 << 20;
  size_t max_documents = 1;
  size_t max_nodes = 100'000;
  // Far beyond any config, far below what recursive readers' stacks hold.
  size_t max_depth = 100;
};

struct YamlError {
  int line = 1;
  int column = 1;
  std::string message;
};

struct ParsedYaml {
  std::vector<YAML::Node> documents;
  // Set when the text is refused; documents is then empty.
  std::optional<YamlError> error;
};

// Parses text as YAML within limits (max_bytes applies to text.size()).
ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits);

// ReadFileToString then ParseYaml; an error reads "PATH:LINE:COLUMN: MESSAGE".
StatusOr<std::vector<YAML::Node>> ReadYamlFile(const std::string& path, const YamlLimits& limits);

}  // namespace armada
