// Decides when a test's configured action (cancel, preempt, reprioritize,
// job-set cancel, node cancel/preempt) runs: once every submitted job has
// shown the trigger event.
//
// Contract (Armada's defaults): without triggerEvent, preempt, reprioritize
// and the node actions wait for `running`; the cancels wait for `queued`.
#pragma once

#include <string>
#include <vector>

#include "api/event_names.h"
#include "api/testspec.pb.h"
#include "runner/event_fanout.h"

namespace armada::runner {

// The event that triggers spec's action: triggerEvent, else the default
// above. REQUIRES: spec configures an action (testcase::HasAction) and its
// triggerEvent, if set, is an event that may trigger one
// (testcase/runnable.h).
const EventKind& TriggerEventFor(const api::TestSpec& spec);

class ActionTrigger : public EventConsumer {
 public:
  // Waits for the jobs in `jobs` now and those OnSubmitted adds. `jobs`
  // must outlive the trigger.
  ActionTrigger(const EventKind& trigger_event, const JobTable& jobs);

  // Notes a job reaching the trigger event; events of other jobs are ignored.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;
  // Waits for the jobs numbered [first, end) too.
  void OnSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                   std::chrono::system_clock::time_point sent) override;

  // Every job known so far has reached the trigger event (the run acts only
  // once every batch was submitted).
  bool ready() const { return !reached_.empty() && reached_count_ == reached_.size(); }
  // A node a test job was seen running on (from its running event); the node
  // actions act there. Empty until a running event named one.
  const std::string& node_name() const { return node_name_; }

 private:
  const api::EventMessage::EventsCase trigger_case_;
  const JobTable& jobs_;
  // Per test job, by its number: whether it has reached the trigger event.
  std::vector<bool> reached_;
  size_t reached_count_ = 0;
  std::string node_name_;
};

}  // namespace armada::runner
