// Hands each event of a test's job set to every unit that needs it
// (assertions, action trigger, job progress, event log, and whatever is added
// later, e.g. a benchmark recorder), in the order the stream delivered them,
// and tells them of each batch of jobs the server accepted: the watch starts
// with the first batch, so the units learn the test's jobs as they go.
//
// Contract: Publish and PublishSubmitted call every consumer synchronously,
// in subscription order, on the caller's thread; consumers must therefore be
// quick and must not call back into the fan-out. Consumers are not owned and
// must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "api/event.pb.h"
#include "runner/job_table.h"

namespace armada::runner {

class EventConsumer {
 public:
  virtual ~EventConsumer() = default;
  // One event of the job set, with the time this client received it.
  virtual void OnEvent(const api::EventMessage& event,
                       std::chrono::system_clock::time_point received) = 0;
  // The jobs numbered [first, end) in the test's JobTable were just accepted
  // by the server, their batch sent at `sent`: they are the test's jobs from
  // now on, as those in the table when the consumer was made. Events of a
  // job come after its OnSubmitted (the run holds back events of jobs it
  // does not know yet). Units that track only the test's jobs grow here.
  virtual void OnSubmitted(const JobTable& /*jobs*/, uint32_t /*first*/, uint32_t /*end*/,
                           std::chrono::system_clock::time_point /*sent*/) {}
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

  // Tells every consumer that the jobs numbered [first, end) of jobs were
  // submitted, their batch sent at `sent`.
  void PublishSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                        std::chrono::system_clock::time_point sent) const {
    for (EventConsumer* consumer : consumers_) consumer->OnSubmitted(jobs, first, end, sent);
  }

 private:
  std::vector<EventConsumer*> consumers_;
};

}  // namespace armada::runner
