#include "cli/labels.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "testcase/edit_distance.h"

namespace armada::cli {
namespace {

std::set<std::string> Split(const std::vector<std::string>& values) {
  std::set<std::string> words;
  for (const std::string& value : values) {
    std::istringstream parts(value);
    for (std::string word; std::getline(parts, word, ',');) {
      if (!word.empty()) words.insert(word);
    }
  }
  return words;
}

bool Carries(const runner::SuiteCase& test, const std::set<std::string>& words) {
  return std::any_of(test.spec.labels().begin(), test.spec.labels().end(),
                     [&](const std::string& label) { return words.count(label) > 0; });
}

Status CheckKnown(const std::set<std::string>& words, const std::set<std::string>& known,
                  const char* flag) {
  for (const std::string& word : words) {
    if (known.count(word) > 0) continue;
    std::string message = std::string(flag) + " " + word + ": no selected test case has this label";
    std::string nearest;
    size_t best = 3;
    std::string all;
    for (const std::string& label : known) {
      const size_t distance = testcase::EditDistance(word, label);
      if (distance < best) {
        best = distance;
        nearest = label;
      }
      all += (all.empty() ? "" : ", ") + label;
    }
    if (!nearest.empty()) message += "; did you mean \"" + nearest + "\"?";
    message += all.empty() ? " (none has any label)" : " (labels: " + all + ")";
    return Status::Error(message);
  }
  return Status();
}

}  // namespace

StatusOr<std::vector<runner::SuiteCase>> SelectByLabels(std::vector<runner::SuiteCase> cases,
                                                        const std::vector<std::string>& labels,
                                                        const std::vector<std::string>& excluded) {
  const std::set<std::string> keep = Split(labels), drop = Split(excluded);
  if (keep.empty() && drop.empty()) return cases;
  std::set<std::string> known;
  for (const runner::SuiteCase& test : cases)
    known.insert(test.spec.labels().begin(), test.spec.labels().end());
  if (Status ok = CheckKnown(keep, known, "--label"); !ok.ok()) return ok;
  if (Status ok = CheckKnown(drop, known, "--exclude-label"); !ok.ok()) return ok;
  std::vector<runner::SuiteCase> selected;
  for (runner::SuiteCase& test : cases) {
    if (!keep.empty() && !Carries(test, keep)) continue;
    if (Carries(test, drop)) continue;
    selected.push_back(std::move(test));
  }
  return selected;
}

}  // namespace armada::cli
