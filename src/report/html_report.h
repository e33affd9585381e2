// One self-contained HTML page of a run (--html FILE): inline CSS, SVG and
// one inline script (the status filter); no font, no image and no link to
// anything outside the file, so it opens offline and as a CI artifact.
//
// Contents: the counts (counts.h's line), a status filter (a checkbox per
// outcome the run has; the address may preselect them:
// report.html#show=failed,error), the summary table and then per test a
// <section class="test OUTCOME" data-outcome="OUTCOME">, worst first
// (failed, error, interrupted, flaky, skipped, passed; run order within
// each), with its result, failure message (which states what was expected
// and what arrived), the failure categories its jobs' failed events
// carried, a timeline, each failed job's log tail and the test's log. Only
// the outcome words are in the outcome's colour (class "result OUTCOME").
// The timeline is an SVG with one <g class="job-row"> per job: a bar
// (class "bar state-STATE") per state from one event to the next (events
// that change no state, such as utilisation, leave the bar as it is;
// cancelling is a state of its own, other states "state-other"), the end
// marked in the job's outcome colour (succeeded green, failed red,
// cancelled grey); a job that had not ended is drawn in its last state up
// to the test's end. The axis spans submission to the test's end.
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
