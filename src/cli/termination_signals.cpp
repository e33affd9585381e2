#include "cli/termination_signals.h"

#include <pthread.h>

#include <ctime>

namespace armada::cli {

TerminationSignals::TerminationSignals(std::function<void(int)> on_signal) {
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGINT);
  sigaddset(&wanted, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &wanted, &previous_mask_);
  waiter_ = std::thread([this, wanted, on_signal = std::move(on_signal)] {
    // A timed wait, so the destructor can end this thread without a signal.
    const timespec tick{0, 100 * 1000 * 1000};
    while (!done_) {
      const int signo = sigtimedwait(&wanted, nullptr, &tick);
      if (signo > 0) on_signal(signo);
    }
  });
}

TerminationSignals::~TerminationSignals() {
  done_ = true;
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace armada::cli
