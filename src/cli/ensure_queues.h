// Creates the queues test cases submit to, for a fresh server such as
// armada-localstack, where nothing exists yet.
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

// Creates each queue (priority factor 1); one that already exists is fine.
Status EnsureQueues(const runner::Connection& connection, const std::vector<std::string>& queues);

}  // namespace armada::cli
