// Holds every job's observed events against Armada's external job lifecycle
// (the one table of api/job_lifecycle.h, which cites Armada's
// docs/developer/job-lifecycle-events.md and its job-state code), so a run
// against a new Armada version catches reordered or missing events that no
// test case names (`--check-lifecycle`, on by default with --local).
//
// Contract:
// - An event that moves a job (job_lifecycle.h's MovesJob) from a state the
//   table has no transition for is a violation; informational events
//   (reprioritizing, reprioritized, cancelling, preempting, utilisation,
//   ingressInfo, and kinds this runner does not know) never are.
// - A repeated preempted (Armada's experimental run reconciliation, and the
//   seeds' PR text, describe a second one) is tolerated with a warning in the
//   test's log.
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
#include "api/job_lifecycle.h"
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
  TestLog& log_;
  std::map<std::string, lifecycle::JobState> jobs_;
  std::string failure_;
};

}  // namespace armada::runner
