#include "testcase/merge_keys.h"

#include <vector>

#include "testcase/scalar_kind.h"
#include "testcase/yaml_to_proto.h"

namespace armada::testcase {
namespace {

// go-yaml treats only a plain `<<` (or one tagged !!merge) as a merge key.
bool IsMergeKey(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

class Walk {
 public:
  Walk(const std::string& path, ErrorList* errors, const std::function<bool(SourcePosition)>& count,
       const std::function<bool(const MappingEntry&)>& visit)
      : merge_path_(path.empty() ? "<<" : path + ".<<"),
        errors_(errors),
        count_(count),
        visit_(visit) {}

  // Visits mapping's entries, then its merges; false once told to stop.
  bool Mapping(const YAML::Node& mapping) {
    const int source = next_source_++;
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
      if (IsMergeKey(it->first)) continue;
      if (!visit_(MappingEntry{it->first, it->second, source})) return false;
    }
    open_.push_back(mapping);
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
      if (IsMergeKey(it->first) && !Merge(it->first, it->second)) return false;
    }
    open_.pop_back();
    return true;
  }

 private:
  // Visits what one `<<` merges in.
  bool Merge(const YAML::Node& key, const YAML::Node& value) {
    const SourcePosition at = PositionOf(key.Mark());
    if (value.IsMap()) return Source(at, merge_path_, value);
    if (!value.IsSequence()) {
      errors_->Add(at, merge_path_,
                   "a merge key needs a mapping (such as *defaults) or a list of mappings, got " +
                       Describe(value));
      return true;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node element = value[i];
      const std::string path = merge_path_ + "[" + std::to_string(i) + "]";
      if (!element.IsMap()) {
        errors_->Add(at, path,
                     "a merge key's list must hold only mappings, got " + Describe(element));
        continue;
      }
      if (!Source(at, path, element)) return false;
    }
    return true;
  }

  // Visits one merged mapping, unless merging it cannot end.
  bool Source(SourcePosition at, const std::string& path, const YAML::Node& mapping) {
    for (const YAML::Node& open : open_) {
      if (open.is(mapping)) {
        errors_->Add(at, path, "a mapping cannot merge itself (through an alias to its anchor)");
        return true;
      }
    }
    if (open_.size() >= static_cast<size_t>(kMaxMergeDepth)) {
      errors_->Add(at, path,
                   "merges nest more than " + std::to_string(kMaxMergeDepth) + " deep here");
      return true;
    }
    if (!count_(at)) return false;
    return Mapping(mapping);
  }

  const std::string merge_path_;
  ErrorList* errors_;
  const std::function<bool(SourcePosition)>& count_;
  const std::function<bool(const MappingEntry&)>& visit_;
  int next_source_ = 0;
  // The mappings whose merges are being visited, outermost first.
  std::vector<YAML::Node> open_;
};

}  // namespace

void ForEachEntry(const YAML::Node& mapping, const std::string& path, ErrorList* errors,
                  const std::function<bool(SourcePosition)>& count,
                  const std::function<bool(const MappingEntry&)>& visit) {
  Walk(path, errors, count, visit).Mapping(mapping);
}

}  // namespace armada::testcase
