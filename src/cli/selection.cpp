#include "cli/selection.h"

#include <re2/re2.h>

#include <memory>

#include "testcase/glob.h"
#include "testcase/loader.h"

namespace armada::cli {
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

StatusOr<std::vector<runner::SuiteCase>> SelectCases(std::vector<runner::SuiteCase> cases,
                                                     const std::string& filter,
                                                     const std::string& exclude) {
  auto keep = Compile(filter, "--filter");
  if (!keep.ok()) return keep.status();
  auto drop = Compile(exclude, "--exclude");
  if (!drop.ok()) return drop.status();
  std::vector<runner::SuiteCase> selected;
  for (auto& test : cases) {
    const std::string& name = test.spec.name();
    if (*keep && !RE2::PartialMatch(name, **keep)) continue;
    if (*drop && RE2::PartialMatch(name, **drop)) continue;
    selected.push_back(std::move(test));
  }
  return selected;
}

StatusOr<std::vector<runner::SuiteCase>> LoadSelectedCases(const std::string& patterns,
                                                           const std::string& filter,
                                                           const std::string& exclude,
                                                           std::vector<std::string>* unmatched) {
  auto files = testcase::ExpandPatterns(patterns, unmatched);
  if (!files.ok()) return files.status();
  std::vector<runner::SuiteCase> cases;
  for (const std::string& file : *files) {
    auto spec = testcase::LoadTestCase(file);
    if (spec.ok()) {
      cases.push_back(runner::SuiteCase{std::move(*spec), file, ""});
      continue;
    }
    runner::SuiteCase unloaded{api::TestSpec(), file, spec.status().message()};
    testcase::ApplyDefaults(file, &unloaded.spec);
    cases.push_back(std::move(unloaded));
  }
  return SelectCases(std::move(cases), filter, exclude);
}

}  // namespace armada::cli
