#include "runner/held_events.h"

#include "api/event_names.h"

namespace armada::runner {

void HeldEvents::Hold(const api::EventMessage& event,
                      std::chrono::system_clock::time_point received) {
  held_.push_back(Held{event, received});
}

std::vector<HeldEvents::Held> HeldEvents::Take(
    const std::function<bool(std::string_view job_id)>& known) {
  std::vector<Held> taken;
  std::deque<Held> kept;
  for (Held& held : held_) {
    if (known(JobIdOf(held.event))) {
      taken.push_back(std::move(held));
    } else {
      kept.push_back(std::move(held));
    }
  }
  held_ = std::move(kept);
  return taken;
}

std::vector<HeldEvents::Held> HeldEvents::TakeAll() {
  std::vector<Held> taken(std::make_move_iterator(held_.begin()),
                          std::make_move_iterator(held_.end()));
  held_.clear();
  return taken;
}

}  // namespace armada::runner
