// Hands each event of a test's job set to every unit that needs it
// (assertions, action trigger, job progress, event log, and whatever is added
// later, e.g. a benchmark recorder), in the order the stream delivered them.
//
// Contract: Publish calls every consumer synchronously, in subscription order,
// on the caller's thread; consumers must therefore be quick and must not call
// back into the fan-out. Consumers are not owned and must outlive it.
#pragma once

#include <chrono>
#include <vector>

#include "api/event.pb.h"

namespace armada::runner {

class EventConsumer {
 public:
  virtual ~EventConsumer() = default;
  // One event of the job set, with the time this client received it.
  virtual void OnEvent(const api::EventMessage& event,
                       std::chrono::system_clock::time_point received) = 0;
};

class EventFanout {
 public:
  // Adds a consumer; it sees every event published from now on.
  void Subscribe(EventConsumer* consumer) { consumers_.push_back(consumer); }

  // Delivers event to every consumer.
  void Publish(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) const {
    for (EventConsumer* consumer : consumers_) consumer->OnEvent(event, received);
  }

 private:
  std::vector<EventConsumer*> consumers_;
};

}  // namespace armada::runner
