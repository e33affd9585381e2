#include "runner/action_trigger.h"

#include "runner/event_facts.h"

namespace armada::runner {

const EventKind& TriggerEventFor(const api::TestSpec& spec) {
  if (const EventKind* named = FindEventKind(spec.trigger_event())) return *named;
  // Preempting or reprioritizing a job needs it running; a cancel works in any state.
  const bool needs_running = spec.has_preempt() || spec.has_reprioritize() ||
                             spec.has_cancel_on_node() || spec.has_preempt_on_node();
  return *FindEventKind(needs_running ? "running" : "queued");
}

ActionTrigger::ActionTrigger(const EventKind& trigger_event,
                             const std::vector<std::string>& job_ids)
    : trigger_case_(trigger_event.oneof_case), job_ids_(job_ids.begin(), job_ids.end()) {}

void ActionTrigger::OnEvent(const api::EventMessage& event,
                            std::chrono::system_clock::time_point /*received*/) {
  const std::string job_id = JobIdOf(event);
  if (job_ids_.count(job_id) == 0) return;
  if (node_name_.empty() && event.has_running()) node_name_ = event.running().node_name();
  if (event.events_case() == trigger_case_) reached_.insert(job_id);
}

}  // namespace armada::runner
