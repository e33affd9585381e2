// The queues test cases submit to: created for a fresh server such as
// armada-localstack (or with --create-queues), else checked before any test
// runs, so a missing one fails at once with the fix instead of being retried.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/connection.h"
#include "runner/suite.h"

namespace armada::cli {

// The distinct queues cases submit to, in first-use order; cases with a
// queueConfig are left out, since they create their own queues.
std::vector<std::string> QueuesUsedBy(const std::vector<runner::SuiteCase>& cases);

// Creates each queue (priority factor 1), logging each one it created; one
// that already exists is fine.
Status EnsureQueues(const runner::Connection& connection, const std::vector<std::string>& queues);

// The queues the server answers NOT_FOUND for (GetQueue), in order; any
// other answer counts as present (the submission will say what is wrong).
std::vector<std::string> MissingQueues(const runner::Connection& connection,
                                       const std::vector<std::string>& queues);

// What a test whose queue is missing reports: the fix, in the words of
// Armada's tools.
std::string MissingQueueMessage(const std::string& queue);

}  // namespace armada::cli
