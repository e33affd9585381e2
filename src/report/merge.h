// `armada-testsuite report merge`: the reports of several runs (the shards
// of a --shard matrix, or the two generations' run-local.sh runs) joined
// into one, whose counts are the sums of theirs: for shards, the counts of
// the unsharded run.
//
// Contract:
// - MergeJUnit takes JUnit documents (<testsuites> or a bare <testsuite>)
//   and returns one <testsuites>: the <testsuite>s of one name (shards of
//   one --tests) become one holding all their <testcase>s in input order,
//   other names stay suites of their own; every suite's and the root's
//   tests, failures, errors, skipped and time are the sums of what it
//   holds. A document that is not XML, or not JUnit, is an error naming
//   its path (and the byte offset of a parse error).
// - MergeJsonReports concatenates the results in input order; the time is
//   the sum of the runs' times.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "report/json_reader.h"

namespace armada::report {

// documents: (path, text) pairs.
StatusOr<std::string> MergeJUnit(const std::vector<std::pair<std::string, std::string>>& documents);

JsonReport MergeJsonReports(const std::vector<JsonReport>& reports);

}  // namespace armada::report
