// Which test cases a run includes: the files --tests matches, loaded, then
// narrowed by --filter and --exclude, RE2 regexes matched anywhere in the
// test's name.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

// Keeps the cases whose name matches filter (when non-empty) and does not
// match exclude (when non-empty), in their order. An invalid regex is an
// error naming the flag.
StatusOr<std::vector<runner::SuiteCase>> SelectCases(std::vector<runner::SuiteCase> cases,
                                                     const std::string& filter,
                                                     const std::string& exclude);

// The test cases matching patterns, loaded and narrowed by the
// --filter/--exclude regexes. A file that does not load is still a case,
// with its errors in load_error and the name its file gives (runner/suite.h
// reports it as that test's error); an error here is about the patterns or
// the regexes only.
// With unmatched, a pattern matching no file is a message there rather than
// an error (testcase/glob.h).
StatusOr<std::vector<runner::SuiteCase>> LoadSelectedCases(
    const std::string& patterns, const std::string& filter, const std::string& exclude,
    std::vector<std::string>* unmatched = nullptr);

}  // namespace armada::cli
