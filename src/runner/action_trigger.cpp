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

ActionTrigger::ActionTrigger(const EventKind& trigger_event, const JobTable& jobs)
    : trigger_case_(trigger_event.oneof_case), jobs_(jobs), reached_(jobs.size(), false) {}

void ActionTrigger::OnSubmitted(const JobTable& /*jobs*/, uint32_t /*first*/, uint32_t end,
                                std::chrono::system_clock::time_point /*sent*/) {
  reached_.resize(end, false);
}

void ActionTrigger::OnEvent(const api::EventMessage& event,
                            std::chrono::system_clock::time_point /*received*/) {
  const uint32_t job = jobs_.Find(JobIdOf(event));
  if (job >= reached_.size()) return;  // not a job of this test's (kNone included)
  if (node_name_.empty() && event.has_running()) node_name_ = event.running().node_name();
  if (event.events_case() == trigger_case_ && !reached_[job]) {
    reached_[job] = true;
    ++reached_count_;
  }
}

}  // namespace armada::runner
