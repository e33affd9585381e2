// Holds every job's observed events against Armada's external job state
// machine (Armada's docs/developer/job-lifecycle-events.md, the conversion of
// internal to external events), so a run against a new Armada version
// catches reordered or missing events that no test case names
// (`--check-lifecycle`, on by default with --local).
//
// Contract:
// - The lifecycle events move a job through
//     submitted -> queued -> leased -> pending -> running
//   and end it with exactly one terminal event: succeeded (from leased,
//   pending or running), failed (from any state before a terminal one),
//   cancelled (likewise, but not after preempted). leaseReturned and
//   leaseExpired end a run (from leased, pending or running) and the job
//   goes back to queued or leased; so does a retryable failed event.
//   preempted comes from pending or running and must be followed by failed.
// - A repeated preempted (Armada's experimental run reconciliation, and the
//   seeds' PR text, describe a second one) is tolerated with a warning in the
//   test's log; any other event out of order is a violation.
// - Informational events (reprioritizing, reprioritized, cancelling,
//   preempting, utilisation, ingressInfo, and kinds this runner does not
//   know) never move a job and are never violations.
// - The first violation is kept: failure() names the job and the
//   transition, e.g. `job 01h...: running after queued is not a transition
//   of Armada's job lifecycle (running follows pending)`.
// - A job still waiting for its failed after preempted when the test ends
//   is not a violation: the test may end first.
// Not thread-safe: OnEvent and the accessors are called under the test's lock.
#pragma once

#include <map>
#include <string>

#include "api/event.pb.h"
#include "runner/event_fanout.h"
#include "runner/per_test_log.h"

namespace armada::runner {

class LifecycleCheck : public EventConsumer {
 public:
  // log receives the warnings; it must outlive the check.
  explicit LifecycleCheck(TestLog& log);
  LifecycleCheck(const LifecycleCheck&) = delete;
  LifecycleCheck& operator=(const LifecycleCheck&) = delete;

  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  bool failed() const { return !failure_.empty(); }
  // The first violation; empty while there is none.
  const std::string& failure() const { return failure_; }

 private:
  enum class State {
    kNone,
    kSubmitted,
    kQueued,
    kLeased,
    kPending,
    kRunning,
    kReturned,  // a run ended (lease returned or expired, retryable failure)
    kPreempted,
    kSucceeded,
    kFailed,
    kCancelled,
  };
  static const char* NameOf(State state);

  TestLog& log_;
  std::map<std::string, State> jobs_;
  std::string failure_;
};

}  // namespace armada::runner
