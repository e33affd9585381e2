// Faults armada-localstack injects on purpose (its --fault-* flags), so tests
// and users can check that a client reaches the same verdicts whatever the
// transport does. Every fault is off by default.
#pragma once

#include <chrono>

namespace armada::localstack {

struct FaultConfig {
  // Ends each event stream with UNAVAILABLE once it has sent this many
  // events (0: never).
  int stream_cut_every = 0;
  // Holds each streamed event back this long, give or take up to half of it
  // at random (0: no delay).
  int event_delay_ms = 0;
  // Every Nth SubmitJobs call stores its jobs, then answers UNAVAILABLE: an
  // ambiguous failure a client must retry without creating duplicates (0: never).
  int reject_submit_every = 0;
  // Each preemption logs JobPreemptedEvent twice.
  bool double_preempted = false;
};

// The delay before the next streamed event: event_delay_ms with its jitter.
std::chrono::milliseconds EventDelay(const FaultConfig& faults);

}  // namespace armada::localstack
