#include "localstack/config/classifier.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <set>

namespace armada::localstack {
namespace {

enum class Matcher { kConditions, kExitCodes, kTerminationMessage, kPodError };

struct Rule {
  Matcher matcher = Matcher::kConditions;
  std::string container_name;
  std::string subcategory;
  std::vector<std::string> conditions;
  bool exit_codes_in = true;
  std::set<int> exit_codes;
  std::shared_ptr<RE2> message_pattern;
};

struct Category {
  std::string name;
  std::vector<Rule> rules;
};

const std::set<std::string> kConditions = {"OOMKilled", "Evicted", "DeadlineExceeded"};

// Builds error messages that say where in the file the problem is.
class Where {
 public:
  explicit Where(std::string source) : source_(std::move(source)) {}
  Status Error(const std::string& what) const {
    return Status::Error(source_ + ": application.errorCategories: " + what);
  }
  Status CategoryError(const std::string& name, size_t index, const std::string& what) const {
    return Error("category \"" + name + "\" (#" + std::to_string(index) + "): " + what);
  }
  Status RuleError(const std::string& category, size_t rule, const std::string& what) const {
    return Error("category \"" + category + "\" rule " + std::to_string(rule) + ": " + what);
  }

 private:
  std::string source_;
};

Status CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                 const std::function<Status(const std::string&)>& error) {
  if (!map.IsMap()) return error("expected a mapping");
  for (const auto& entry : map) {
    const std::string key = entry.first.as<std::string>();
    if (!allowed.count(key)) return error("unknown key \"" + key + "\"");
  }
  return Status();
}

// A regex matcher ({pattern: ...}) under `key`.
StatusOr<std::shared_ptr<RE2>> ParsePattern(
    const YAML::Node& node, const std::string& key,
    const std::function<Status(const std::string&)>& error) {
  if (Status s = CheckKeys(node, {"pattern"},
                           [&](const std::string& what) { return error(key + ": " + what); });
      !s.ok()) {
    return s;
  }
  const std::string pattern = node["pattern"] ? node["pattern"].as<std::string>() : "";
  if (pattern.empty()) return error(key + ": pattern is empty");
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<RE2>(pattern, options);
  if (!re->ok()) return error(key + ": invalid pattern \"" + pattern + "\": " + re->error());
  return re;
}

// map_shape: the later generation's rules, which may carry subcategory and
// onPodError.
StatusOr<Rule> ParseRule(const YAML::Node& node, bool map_shape,
                         const std::function<Status(const std::string&)>& error) {
  std::set<std::string> allowed = {"containerName", "onConditions", "onExitCodes",
                                   "onTerminationMessage"};
  if (map_shape) allowed.insert({"subcategory", "onPodError"});
  if (Status s = CheckKeys(node, allowed, error); !s.ok()) return s;

  Rule rule;
  int matchers = 0;
  if (node["containerName"]) rule.container_name = node["containerName"].as<std::string>();
  if (node["subcategory"]) rule.subcategory = node["subcategory"].as<std::string>();
  if (const YAML::Node conditions = node["onConditions"]) {
    ++matchers;
    rule.matcher = Matcher::kConditions;
    if (!conditions.IsSequence() || conditions.size() == 0) {
      return error("onConditions needs a non-empty list");
    }
    for (const auto& c : conditions) {
      const std::string condition = c.as<std::string>();
      if (!kConditions.count(condition)) {
        return error("unknown condition \"" + condition +
                     "\" (known: OOMKilled, Evicted, DeadlineExceeded)");
      }
      rule.conditions.push_back(condition);
    }
  }
  if (const YAML::Node codes = node["onExitCodes"]) {
    ++matchers;
    rule.matcher = Matcher::kExitCodes;
    if (Status s =
            CheckKeys(codes, {"operator", "values"},
                      [&](const std::string& what) { return error("onExitCodes: " + what); });
        !s.ok()) {
      return s;
    }
    const std::string op = codes["operator"] ? codes["operator"].as<std::string>() : "";
    if (op != "In" && op != "NotIn") {
      return error("onExitCodes: unknown operator \"" + op + "\" (want In or NotIn)");
    }
    rule.exit_codes_in = op == "In";
    const YAML::Node values = codes["values"];
    if (!values || !values.IsSequence() || values.size() == 0) {
      return error("onExitCodes: values must be a non-empty list");
    }
    for (const auto& v : values) rule.exit_codes.insert(v.as<int>());
  }
  for (const auto& [key, matcher] :
       {std::pair{"onTerminationMessage", Matcher::kTerminationMessage},
        {"onPodError", Matcher::kPodError}}) {
    const YAML::Node message = node[key];
    if (!message) continue;
    ++matchers;
    rule.matcher = matcher;
    auto re = ParsePattern(message, key, error);
    if (!re.ok()) return re.status();
    rule.message_pattern = std::move(re).value();
  }
  if (matchers == 0) {
    return error(std::string("no matcher (want one of onConditions, onExitCodes, "
                             "onTerminationMessage") +
                 (map_shape ? ", onPodError)" : ")"));
  }
  if (matchers > 1) return error("more than one matcher; a rule takes exactly one");
  return rule;
}

StatusOr<std::vector<Category>> ParseCategories(const YAML::Node& list, bool map_shape,
                                                const Where& where) {
  if (!list.IsSequence()) return where.Error("categories must be a list");
  std::vector<Category> categories;
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node node = list[i];
    const std::string label = node.IsMap() && node["name"] ? node["name"].as<std::string>() : "";
    auto category_error = [&](const std::string& what) {
      return where.CategoryError(label, i, what);
    };
    if (Status s = CheckKeys(node, {"name", "rules"}, category_error); !s.ok()) return s;
    Category category;
    category.name = label;
    if (category.name.empty()) return category_error("name is empty");
    if (!names.insert(category.name).second) return category_error("duplicate name");
    const YAML::Node rules = node["rules"];
    if (!rules || !rules.IsSequence() || rules.size() == 0) return category_error("has no rules");
    for (size_t r = 0; r < rules.size(); ++r) {
      auto rule = ParseRule(rules[r], map_shape, [&](const std::string& what) {
        return where.RuleError(category.name, r, what);
      });
      if (!rule.ok()) return rule.status();
      category.rules.push_back(std::move(rule).value());
    }
    categories.push_back(std::move(category));
  }
  return categories;
}

std::vector<const ContainerOutcome*> Failed(const PodOutcome& pod, const std::string& name) {
  std::vector<const ContainerOutcome*> failed;
  for (const auto& c : pod.containers) {
    if (c.exit_code != 0 && (name.empty() || c.name == name)) failed.push_back(&c);
  }
  return failed;
}

bool Matches(const Rule& rule, const PodOutcome& pod) {
  const auto containers = Failed(pod, rule.container_name);
  switch (rule.matcher) {
    case Matcher::kConditions:
      for (const auto& condition : rule.conditions) {
        if (condition == "OOMKilled") {
          for (const auto* c : containers) {
            if (c->reason == condition) return true;
          }
        } else if (pod.pod_reason == condition) {
          return true;
        }
      }
      return false;
    case Matcher::kExitCodes:
      return std::any_of(containers.begin(), containers.end(), [&](const ContainerOutcome* c) {
        return rule.exit_codes.count(c->exit_code) == (rule.exit_codes_in ? 1u : 0u);
      });
    case Matcher::kTerminationMessage:
      return std::any_of(containers.begin(), containers.end(), [&](const ContainerOutcome* c) {
        return RE2::PartialMatch(c->termination_message, *rule.message_pattern);
      });
    case Matcher::kPodError:
      return !pod.pod_error.empty() && RE2::PartialMatch(pod.pod_error, *rule.message_pattern);
  }
  return false;
}

}  // namespace

struct Classifier::Rules {
  bool map_shape = false;
  bool enabled = true;
  std::string default_category;
  std::string default_subcategory;
  std::vector<Category> categories;
};

Classifier::Classifier() : rules_(std::make_unique<Rules>()) {}
Classifier::Classifier(std::unique_ptr<Rules> rules) : rules_(std::move(rules)) {}
Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

bool Classifier::map_shape() const { return rules_->map_shape; }

StatusOr<Classifier> Classifier::FromSection(const YAML::Node& section, const std::string& source,
                                             bool enabled_by_application) {
  const Where where(source);
  auto rules = std::make_unique<Rules>();
  try {
    if (!section || section.IsNull()) return Classifier();
    if (section.IsSequence()) {
      auto categories = ParseCategories(section, /*map_shape=*/false, where);
      if (!categories.ok()) return categories.status();
      rules->categories = std::move(categories).value();
    } else {
      if (Status s =
              CheckKeys(section, {"enabled", "defaultCategory", "defaultSubcategory", "categories"},
                        [&](const std::string& what) { return where.Error(what); });
          !s.ok()) {
        return s;
      }
      rules->map_shape = true;
      rules->enabled =
          enabled_by_application || (section["enabled"] && section["enabled"].as<bool>());
      if (section["defaultCategory"]) {
        rules->default_category = section["defaultCategory"].as<std::string>();
      }
      if (section["defaultSubcategory"]) {
        rules->default_subcategory = section["defaultSubcategory"].as<std::string>();
      }
      if (section["categories"]) {
        auto categories = ParseCategories(section["categories"], /*map_shape=*/true, where);
        if (!categories.ok()) return categories.status();
        rules->categories = std::move(categories).value();
      }
    }
  } catch (const YAML::Exception& e) {
    return where.Error(std::string("malformed YAML: ") + e.what());
  }
  return Classifier(std::move(rules));
}

std::vector<std::string> Classifier::CategoryNames() const {
  std::vector<std::string> names;
  if (!rules_->enabled) return names;
  for (const auto& category : rules_->categories) names.push_back(category.name);
  if (rules_->map_shape && !rules_->default_category.empty()) {
    names.push_back(rules_->default_category);
  }
  return names;
}

Classification Classifier::Classify(const PodOutcome& pod) const {
  Classification result;
  if (!rules_->enabled) return result;
  for (const auto& category : rules_->categories) {
    for (const auto& rule : category.rules) {
      if (!Matches(rule, pod)) continue;
      if (!rules_->map_shape) {
        result.categories.push_back(category.name);
        break;
      }
      // The later generation: the first matching rule decides.
      result.failure_category = category.name;
      result.failure_subcategory = rule.subcategory;
      return result;
    }
  }
  if (rules_->map_shape) {
    result.failure_category = rules_->default_category;
    result.failure_subcategory = rules_->default_subcategory;
  }
  return result;
}

}  // namespace armada::localstack
