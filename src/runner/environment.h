// What a test needs from outside Armada's API, which the CLI host provides:
// where a job's ingress answers, and which node a node action's nodePoolTag
// names. Plain data and a function, so the runner's tests can stand in for
// Kubernetes.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "runner/ingress_check.h"
#include "runner/job_log_source.h"

namespace armada::runner {

struct TestEnvironment {
  // Armada's defaults (http://HOST:80) unless the host says otherwise.
  IngressTarget ingress;
  // The node a cancelOnNode/preemptOnNode nodePoolTag names: a Kubernetes
  // lookup against a real cluster, armada-localstack's node with --local.
  // Called once per test with such an action, after submission, as Armada's
  // runner does. Empty: the node a job's running event named before the
  // action's trigger, and an error when none did (the trigger is never held
  // back to wait for a running event).
  std::function<StatusOr<std::string>(const std::string& node_pool_tag)> find_node;
  // Where a test with getLogs reads its failed jobs' logs once its watch
  // ends. Empty: the test says once that no log source is configured.
  JobLogSource job_logs;
  // How the server died when the host knows it did (its own --local child
  // exited), e.g. "armada-localstack was killed by signal 9 while the tests
  // ran"; "" while it lives. Empty function: the host cannot tell. A broken
  // event stream ends at once naming it, and a failed test's message names
  // it. Thread-safe: called from every test's threads.
  std::function<std::string()> server_death;
  // Why jobs that have not ended stay queued, as the server knows and
  // Armada's API does not say: with --local, armada-localstack's "job ID fits
  // no node: WHY" (cli/localstack_warnings.h); "" when it has not said. A
  // test that times out names it. Empty function: nobody can tell.
  // Thread-safe.
  std::function<std::string(const std::vector<std::string>& job_ids)> why_queued;
  // The timeout of a test case that sets none (`timeout` absent); zero: none,
  // as Armada's runner, which has no default. The host's --timeout.
  std::chrono::milliseconds default_timeout{0};
  // Hold every job's events against Armada's job lifecycle and fail the test
  // on a violation (lifecycle_check.h); the host's --check-lifecycle.
  bool check_lifecycle = false;
};

}  // namespace armada::runner
