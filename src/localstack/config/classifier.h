// Failure categories: the executor's error-categorisation rules, applied to a
// terminated pod the way Armada's executor applies them.
//
// Contract:
// - The rules come from `application.errorCategories` of an executor config
//   (read by executor_config.h), in either of Armada's two shapes, each its
//   generation's: the list `[{name, rules}]` of v0.20.37-v0.20.40, whose
//   failed events carry every matching category in `categories`; or the map
//   `{enabled, defaultCategory, defaultSubcategory, categories: [{name,
//   rules}]}` of v0.20.41 on, whose failed events carry one
//   `failureCategory`/`failureSubcategory` and no `categories`, and where a
//   rule may also carry `subcategory` or match `onPodError: {pattern}` (the
//   pod-level message of a pod that failed before its containers ended, such
//   as an image that cannot be pulled). Parsing is strict: an unknown key, an unknown
//   condition or operator, an empty value list, a bad regex (RE2, Go syntax),
//   an empty or duplicate name, a category without rules, a rule without a
//   matcher or with two matchers is an error naming the file, the category
//   and the rule index.
// - Only containers that exited non-zero take part (init containers too), so
//   exit code 0 never matches and a successful container's termination
//   message is never looked at.
// - Classify, list shape: every matching category in config order, in
//   `categories`. Map shape: the first matching rule's category and
//   subcategory in `failure_category`/`failure_subcategory`, else the
//   defaults. In the map shape classification is off unless `enabled` is true
//   or application.enableJobErrorCategorization is (the switch of the first
//   map-shaped releases), as in Armada.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "localstack/pod/pod_outcome.h"

namespace YAML {
class Node;
}

namespace armada::localstack {

// Only the fields of the rules' generation are set (see the file comment).
struct Classification {
  // All matching categories in config order (JobFailedEvent.categories).
  std::vector<std::string> categories;
  // The first match, or the default (JobFailedEvent.failure_category).
  std::string failure_category;
  std::string failure_subcategory;
};

class Classifier {
 public:
  ~Classifier();
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;

  // A classifier without rules: it matches nothing, as for an executor config
  // without errorCategories.
  Classifier();
  // The rules of an executor config's application.errorCategories node
  // (`section`; an absent or null node yields a classifier that matches
  // nothing); `source` names the file in error messages;
  // `enabled_by_application` is application.enableJobErrorCategorization.
  static StatusOr<Classifier> FromSection(const YAML::Node& section, const std::string& source,
                                          bool enabled_by_application = false);

  // Whether the rules have the map shape of v0.20.41 on.
  bool map_shape() const;

  // Categorises a terminated pod; see the file comment for the rules.
  Classification Classify(const PodOutcome& pod) const;

  // Every category a failed event can carry: the rules' names in config
  // order and, in the map shape, the default category; none when
  // classification is off.
  std::vector<std::string> CategoryNames() const;

 private:
  struct Rules;
  explicit Classifier(std::unique_ptr<Rules> rules);
  std::unique_ptr<Rules> rules_;
};

}  // namespace armada::localstack
