// GitHub Actions' job summary: when GITHUB_STEP_SUMMARY names a file, the
// run appends a Markdown section to it: a heading with the counts and a
// table of test, result, time and failure message.
//
// Contract: table cells never break the table (a `|` is escaped, newlines
// become <br>, markup characters are entities); a message is cut at 300
// characters (the full one is in JUnit/JSON); the section is appended, as
// other steps write the same file.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/result.h"

namespace armada::report {

std::string RenderStepSummary(const std::vector<TestResult>& results, double total_seconds);

// Appends RenderStepSummary's section to path.
Status AppendStepSummary(const std::vector<TestResult>& results, double total_seconds,
                         const std::string& path);

}  // namespace armada::report
