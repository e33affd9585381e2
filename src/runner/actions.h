// Runs a test's configured action once its trigger fired (see
// action_trigger.h).
//
// Contract, following Armada's runner:
// - cancelJobSet: cancels the test's job set (queue and job set filled in,
//   the request's filter and reason kept).
// - cancel, preempt: act on every job the test submitted, by id; an empty
//   `request:` is the usual spelling, and ids in it are replaced, since a
//   test case cannot know its job ids in advance.
// - reprioritize: every submitted job, or the whole job set with byJobSet.
// - A per-job error in a preempt or reprioritize answer (e.g. a job that
//   ended meanwhile) is a warning in the test's log, not a failure: Armada's
//   runner ignores them, and the expected events decide the test.
// - cancelOnNode, preemptOnNode: act on the node the test's jobs run on, as
//   their running events named it (Armada looks the node up in kubeconfig by
//   nodePoolTag; the running event names the same node without a cluster).
// When several are configured, the first in the order above runs.
#pragma once

#include <string>
#include <vector>

#include "api/testspec.pb.h"
#include "common/status.h"
#include "runner/connection.h"
#include "runner/per_test_log.h"

namespace armada::runner {

// Runs spec's action over job_ids; node_name serves the node actions.
Status RunAction(const api::TestSpec& spec, const std::vector<std::string>& job_ids,
                 const std::string& node_name, const Connection& connection, TestLog& log);

// Cancels the test's whole job set (the end-of-test cleanup, and
// assertInactiveSucceeds' second cancel).
Status CancelJobSet(const api::TestSpec& spec, const Connection& connection);

}  // namespace armada::runner
