#include "runner/selection.h"

#include <re2/re2.h>

#include <memory>

namespace armada::runner {
namespace {

StatusOr<std::unique_ptr<RE2>> Compile(const std::string& pattern, const std::string& flag) {
  if (pattern.empty()) return std::unique_ptr<RE2>();
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) return Status::Error(flag + ": invalid regex \"" + pattern + "\": " + re->error());
  return re;
}

}  // namespace

StatusOr<std::vector<SuiteCase>> SelectCases(std::vector<SuiteCase> cases,
                                             const std::string& filter,
                                             const std::string& exclude) {
  auto keep = Compile(filter, "--filter");
  if (!keep.ok()) return keep.status();
  auto drop = Compile(exclude, "--exclude");
  if (!drop.ok()) return drop.status();
  std::vector<SuiteCase> selected;
  for (auto& test : cases) {
    const std::string& name = test.spec.name();
    if (*keep && !RE2::PartialMatch(name, **keep)) continue;
    if (*drop && RE2::PartialMatch(name, **drop)) continue;
    selected.push_back(std::move(test));
  }
  return selected;
}

}  // namespace armada::runner
