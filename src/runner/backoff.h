// How long to wait before another attempt at something transient (an event
// stream that delivers nothing), and the waiting itself behind an interface,
// so unit tests check the delays without sleeping.
//
// Contract:
// - BackoffPolicy::Delay(n) is the wait before retry n (from 0): first,
//   doubling, capped at max; after `retries` retries the caller gives up.
//   The defaults are at least as patient as Armada's Go runner: waits of
//   1, 2, 4, 8 and 16 s, then the failure is reported.
// - Sleeper::Sleep waits d or until stop fires, whichever comes first, and
//   returns true when stop fired. RealSleeper() is the clock's; it is
//   thread-safe and lives forever.
#pragma once

#include <chrono>

#include "common/stop_signal.h"

namespace armada::runner {

struct BackoffPolicy {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds max{16000};
  int retries = 5;

  std::chrono::milliseconds Delay(int retry) const;
  // The sum of every delay: how long a caller keeps trying at most.
  std::chrono::milliseconds Total() const;
};

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual bool Sleep(std::chrono::milliseconds d, const StopSignal& stop) = 0;
};

Sleeper& RealSleeper();

}  // namespace armada::runner
