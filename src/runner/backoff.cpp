#include "runner/backoff.h"

#include <algorithm>

namespace armada::runner {

std::chrono::milliseconds BackoffPolicy::Delay(int retry) const {
  std::chrono::milliseconds delay = first;
  for (int i = 0; i < retry && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

std::chrono::milliseconds BackoffPolicy::Total() const {
  std::chrono::milliseconds total{0};
  for (int i = 0; i < retries; ++i) total += Delay(i);
  return total;
}

namespace {

class ClockSleeper : public Sleeper {
 public:
  bool Sleep(std::chrono::milliseconds d, const StopSignal& stop) override {
    return stop.WaitFor(d);
  }
};

}  // namespace

Sleeper& RealSleeper() {
  static ClockSleeper* sleeper = new ClockSleeper();
  return *sleeper;
}

}  // namespace armada::runner
