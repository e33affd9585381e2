// How a run answers SIGINT and SIGTERM: the first stops it (no more
// submissions; every test cancels its job set and is reported
// interrupted), the second writes the reports from what has ended and
// exits, a third exits at once (the local server dies with the process).
//
// Contract: construct it before any other thread exists
// (termination_signals.h). ArmReports gives the second signal its way out:
// `write` runs on a thread of its own, so a third signal is still heard, and
// is expected to end the process. DisarmReports, before what `write` uses
// goes away, waits for a write under way and makes later second signals
// wait for the run's own reports.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "cli/termination_signals.h"
#include "common/stop_signal.h"

namespace armada::cli {

class RunInterrupts {
 public:
  explicit RunInterrupts(StopSignal& stop);
  void ArmReports(std::function<void(int)> write);
  void DisarmReports();
  // The last signal received; 0 when none was.
  int signal_received() const { return signal_received_.load(); }

 private:
  void OnSignal(int signo);
  // True when the reports are being written (by a thread started here, or
  // by the run's own end); false when not armed (nothing to report yet).
  bool StartReports(int signo);

  StopSignal& stop_;
  std::atomic<int> signal_received_{0};
  std::atomic<int> signals_seen_{0};
  std::mutex mu_;
  std::condition_variable written_;
  std::function<void(int)> write_;
  bool writing_ = false;
  bool ending_ = false;
  // Last: its thread calls OnSignal, which uses every member above.
  TerminationSignals signals_;
};

}  // namespace armada::cli
