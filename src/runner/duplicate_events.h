// Passes over an event a server repeats by mistake, so that the test's
// consumers (assertions, timelines, progress) see each job's events as a
// clean run shows them.
//
// Contract: a JobPreemptedEvent that directly follows another
// JobPreemptedEvent of the same job (no other event of that job between
// them) is a repeat (an earlier generation of Armada's lifecycle emitted it
// twice; armada-localstack's --fault-double-preempted does too): IsRepeat
// returns true for it, once per repeat, and the caller leaves it out and
// logs a warning. A preemption after the job ran again is not a repeat.
// Not thread-safe: called from the one thread that delivers a test's events.
#pragma once

#include <string>
#include <unordered_set>

#include "api/event.pb.h"

namespace armada::runner {

class DuplicateEvents {
 public:
  // Records event and says whether it repeats the one before it.
  bool IsRepeat(const api::EventMessage& event);

 private:
  // The jobs whose last event was a preemption: only these, not every job
  // of a 100 000-job test, since any other event ends the pair.
  std::unordered_set<std::string> last_was_preempted_;
};

}  // namespace armada::runner
