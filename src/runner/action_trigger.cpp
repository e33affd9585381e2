#include "runner/action_trigger.h"

#include "runner/event_facts.h"

namespace armada::runner {

bool HasAction(const api::TestSpec& spec) {
  return spec.has_cancel() || spec.has_cancel_job_set() || spec.has_preempt() ||
         spec.has_reprioritize() || spec.has_cancel_on_node() || spec.has_preempt_on_node();
}

StatusOr<std::string> TriggerEventFor(const api::TestSpec& spec) {
  std::string name = spec.trigger_event();
  if (name.empty()) {
    // Preempting or reprioritizing a job needs it running; a cancel works in any state.
    const bool needs_running = spec.has_preempt() || spec.has_reprioritize() ||
                               spec.has_cancel_on_node() || spec.has_preempt_on_node();
    name = needs_running ? "running" : "queued";
  }
  if (!IsEventName(name)) return Status::Error("unknown triggerEvent \"" + name + "\"");
  return name;
}

ActionTrigger::ActionTrigger(std::string trigger_event, const std::vector<std::string>& job_ids)
    : trigger_event_(std::move(trigger_event)), job_ids_(job_ids.begin(), job_ids.end()) {}

void ActionTrigger::OnEvent(const api::EventMessage& event,
                            std::chrono::system_clock::time_point /*received*/) {
  const std::string job_id = JobIdOf(event);
  if (job_ids_.count(job_id) == 0) return;
  if (node_name_.empty() && event.has_running()) node_name_ = event.running().node_name();
  if (EventName(event) == trigger_event_) reached_.insert(job_id);
}

}  // namespace armada::runner
