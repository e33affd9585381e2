// The rules a loaded test case must meet for the runner to run it: the one
// list of run-time refusals. `validate` (through the loader) reports each
// with its position; the runner (runner/test_case.h) refuses a case that
// breaks one with the same words, before it touches the server. The runner's
// parts below it state these as REQUIRES: and do not check again.
//
// The rules, for a case as loading leaves it (defaults applied, event names
// canonical):
// - jobs: a test submits at least one job, unless it is a queue-only test
//   (queueConfig set and numBatches 0);
// - batchSize: at least 1 when the test has jobs;
// - numBatches: at least 1 when the test has jobs (Armada's 0, "submit until
//   the test ends", is not supported: the runner checks the jobs it
//   submitted, so it needs their number);
// - planned work: one batch's submit request (batchSize copies of the jobs)
//   at most 4 MiB (reported on batchSize), numBatches x batchSize x jobs at
//   most 100 000 jobs (on numBatches);
// - timeout, interval: not negative;
// - triggerEvent: an event name that may trigger an action
//   (api/event_names.h); without an action it is ignored, as in Armada;
// - expectedEvents[i]: names exactly one event kind and does not follow a
//   terminal one (succeeded, cancelled, a failed that is not retryable: a
//   job shows nothing after it; a failed may follow a failed);
//   failed.reason is a regular expression RE2 accepts (Armada matches it with Go's regexp,
//   whose syntax is RE2's).
#pragma once

#include <string>
#include <vector>

#include "api/testspec.pb.h"

namespace armada::testcase {

struct Refusal {
  std::string path;  // the field, as test cases spell it: "numBatches", "expectedEvents[1]"
  std::string message;
};

// Every rule spec breaks, in the order above; empty when it can run.
std::vector<Refusal> RunTimeRefusals(const api::TestSpec& spec);

// Whether spec configures an action (cancel, cancelJobSet, preempt,
// reprioritize, cancelOnNode, preemptOnNode).
bool HasAction(const api::TestSpec& spec);

}  // namespace armada::testcase
