// Reads back a JSON report (json_report.h's shape), for `report merge` and
// `test --last-failed`: the one reader of that format.
//
// Contract: every key json_report.h writes is read back into the same
// results (times to the millisecond the report keeps; a job's end is its
// first event of the "end" name, marked terminal). An unreadable file, text
// that is not JSON (with its byte offset), or a key missing or of the wrong
// type is an error naming the file and where ("results[3].jobs[0].events[2].at").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/result.h"

namespace armada::report {

struct JsonReport {
  std::vector<TestResult> results;
  double total_seconds = 0;
};

StatusOr<JsonReport> ParseJsonReport(const std::string& text, const std::string& path);
StatusOr<JsonReport> ReadJsonReport(const std::string& path);

// The outcome named `name` ("passed", "flaky", ...); nullopt for no outcome.
std::optional<Outcome> OutcomeNamed(const std::string& name);

}  // namespace armada::report
