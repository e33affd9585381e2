// Rules about a test case that its protobuf types cannot express, checked
// after the YAML has been read so errors still point into the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/testspec.pb.h"
#include "testcase/diagnostics.h"

namespace armada::testcase {

// The names a test may use for an event kind: the members of EventMessage's
// `events` oneof, JSON spelling first (leaseReturned) then proto spelling
// (lease_returned) where they differ.
const std::vector<std::string>& EventNames();

// Whether name is one of EventNames().
bool IsEventName(std::string_view name);

// Adds an error to errors for each rule spec breaks, positioned by positions
// (the paths yaml_to_proto.h records). A rule about a field that already has
// an error in errors (from reading it) is not checked again:
// - a test submits jobs, unless it is a queue test (queueConfig set);
// - a test with jobs has batchSize >= 1 (Armada's submitter refuses 0) and,
//   when numBatches is 0 (Armada then submits batches until the test ends),
//   a timeout;
// - the planned work is bounded: one batch's submit request (batchSize copies
//   of the jobs) is at most 4 MiB, and numBatches x batchSize x jobs at most
//   100 000 jobs (numBatches 0 is bounded by the timeout instead);
// - timeout and interval are not negative;
// - triggerEvent, when set, is an event name;
// - every expected event names exactly one event kind;
// - failed.reason, when set, is a regular expression RE2 accepts (Armada
//   matches it with Go's regexp, whose syntax is RE2's).
void CheckTestSpec(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors);

}  // namespace armada::testcase
