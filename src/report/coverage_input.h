// Reads the results back from a saved JSON report (json_report.h's shape),
// for `armada-testsuite coverage REPORT.json...`: each test's name and
// every job's events with their details, which is what coverage reads, and
// for the HTML page its file, result, failure and time. (Other fields stay
// empty; event times are not read.)
//
// Contract: a file that cannot be read, is not JSON, or lacks a field
// coverage needs is an error naming the file and the field (e.g.
// `r.json: results[2].jobs[0].events[3].event: "runing" is no event of
// Armada's`); never a crash.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/result.h"

namespace armada::report {

StatusOr<std::vector<TestResult>> ReadJsonReport(const std::string& path);

}  // namespace armada::report
