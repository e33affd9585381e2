// One self-contained HTML page of a run (--html FILE): inline CSS and SVG,
// no script, no font, no image and no link to anything outside the file, so
// it opens offline and as a CI artifact.
//
// Contents: the summary (counts and a table of tests linking to their
// sections); per test a <section class="test"> with its result, failure
// message (which states what was expected and what arrived), the failure
// categories its jobs' failed events carried, a timeline, each failed job's
// log tail and the test's log.
// The timeline is an SVG with one <g class="job-row"> per job: a bar per
// state from one event to the next, the end marked in the job's outcome
// colour (succeeded green, failed red, cancelled grey, not ended amber).
// A test with more than kMaxTimelineRows jobs gets an <svg class="histogram">
// of when its jobs ended, stacked by outcome, instead of rows.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/coverage.h"
#include "report/result.h"

namespace armada::report {

constexpr size_t kMaxTimelineRows = 500;

// coverage: the run's lifecycle coverage (its section, with the state
// graph, follows the summary table), or nullptr for none.
std::string RenderHtml(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage = nullptr);

Status WriteHtml(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage = nullptr);

}  // namespace armada::report
