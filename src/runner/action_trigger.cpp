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
    : trigger_case_(trigger_event.oneof_case) {
  reached_.reserve(job_ids.size());
  for (const std::string& id : job_ids) reached_.emplace(id, false);
}

void ActionTrigger::OnSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                                std::chrono::system_clock::time_point /*sent*/) {
  for (uint32_t i = first; i < end; ++i) reached_.emplace(jobs.id(i), false);
}

void ActionTrigger::OnEvent(const api::EventMessage& event,
                            std::chrono::system_clock::time_point /*received*/) {
  const auto it = reached_.find(JobIdOf(event));
  if (it == reached_.end()) return;
  if (node_name_.empty() && event.has_running()) node_name_ = event.running().node_name();
  if (event.events_case() == trigger_case_ && !it->second) {
    it->second = true;
    ++reached_count_;
  }
}

}  // namespace armada::runner
