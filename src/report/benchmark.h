// The benchmark report (--benchmark FILE): how long jobs took to reach each
// state, per test and over the whole run, as JSON and as a console table.
//
// Measured per job, from its submission (when the runner sent its batch; the
// job's first event when unknown) to the first event of each state:
// submitted, queued, leased, pending, running, terminal (the first event
// after which the job does nothing more: succeeded, failed, cancelled, ...);
// and between consecutive states (submitted->queued, queued->leased,
// leased->pending, pending->running, running->terminal) when a job showed
// both. Event times are the server's (the event's `created`), else when the
// runner received the event.
//
// JSON, in the shape of Armada's unused benchmark model (its names
// `statistics`, `subreports`, `name`, `min`, `max`, `average`, `variance`,
// `standardDeviation`; durations as integers in nanoseconds like its Go
// time.Duration values; variance is the sample variance, n-1, as Armada's):
//   {"unit": "ns", "statistics": {STATE: STATS}, "intervals": {"A->B": STATS},
//    "subreports": [{"name": TEST, "statistics": ..., "intervals": ...}]}
//   STATS = {"count", "min", "max", "average", "variance", "standardDeviation",
//            "p50", "p90", "p99"}
// Percentiles are nearest-rank over an exact sort (the smallest sample with
// at least p% of the samples at or below it). A state no job reached is
// left out.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/result.h"

namespace armada::report {

struct DurationStats {
  size_t count = 0;
  int64_t min = 0, max = 0, p50 = 0, p90 = 0, p99 = 0;  // nanoseconds
  double average = 0, variance = 0, standard_deviation = 0;
};

// REQUIRES: samples non-empty. Sorts samples.
DurationStats ComputeStats(std::vector<int64_t>& samples);

// The measured states in order, and the intervals' names ("queued->leased").
const std::vector<std::string>& BenchmarkStates();
const std::vector<std::string>& BenchmarkIntervals();

std::string RenderBenchmarkJson(const std::vector<TestResult>& results);

Status WriteBenchmark(const std::vector<TestResult>& results, const std::string& path);

// The console table: for the whole run, then for each test with jobs, a row
// per state and interval: count, min, p50, p90, p99, max, average in ms.
void PrintBenchmarkTable(std::ostream& out, const std::vector<TestResult>& results);

}  // namespace armada::report
