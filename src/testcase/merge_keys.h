// YAML 1.1 merge keys, which Armada's loader (go-yaml v2) supports and
// yaml-cpp 0.7 does not: in a mapping, `<<: *defaults` or `<<: [*a, *b]`
// merges those mappings' keys in. Keys written in the mapping itself win over
// merged ones, and in a list, earlier mappings win over later ones.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>

#include "testcase/diagnostics.h"

namespace armada::testcase {

// One key and value of a mapping with its merge keys resolved.
struct MappingEntry {
  YAML::Node key;
  YAML::Node value;
  // Which mapping wrote the entry: 0 for the mapping itself, then a new
  // number for each merged mapping as it is visited (a mapping merged twice
  // is visited, and numbered, twice).
  int source = 0;
};

// Calls visit for every entry of mapping (a map node), merge keys resolved:
// first the mapping's own entries in written order, then each merged
// mapping's entries the same way (its own, then its merges), earlier list
// elements first. So the first entry visited for a key is the one that takes
// effect: a later entry for that key from another source is overridden, and
// one from the same source is the key written twice.
//
// A quoted "<<" is an ordinary key. A merge key whose value is not a mapping
// or a list of mappings, a mapping that merges itself, and merges nested more
// than kMaxMergeDepth deep are errors at the `<<` key, with path path + ".<<".
// count is called with the `<<` key's position once for each mapping merged,
// so that aliases cannot make the walk unbounded; visiting stops when count
// or visit returns false.
void ForEachEntry(const YAML::Node& mapping, const std::string& path, ErrorList* errors,
                  const std::function<bool(SourcePosition)>& count,
                  const std::function<bool(const MappingEntry&)>& visit);

// Merges within merges that real test cases need are a level or two deep.
inline constexpr int kMaxMergeDepth = 20;

}  // namespace armada::testcase
