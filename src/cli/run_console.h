// A run's console: while tests run, log lines print above a live status of
// every test (live_status.h); afterwards plain lines to standard output. By
// default a test's start and verdict, each failed job and warnings (info and
// up); a test's steps and per-event lines (debug) only with --verbose; with
// --quiet, only errors before the summary.
#pragma once

#include <memory>

#include "cli/live_status.h"
#include "cli/run_options.h"

namespace armada::cli {

class RunConsole {
 public:
  // Makes the live status spdlog's default sink.
  explicit RunConsole(const RunOptions& options);
  // The status the suite reports progress to; null after Close.
  LiveStatus* live() const { return live_.get(); }
  // Ends the live status; spdlog prints plain lines from then on.
  void Close();

 private:
  const RunOptions& options_;
  bool color_ = false;
  std::unique_ptr<LiveStatus> live_;
};

}  // namespace armada::cli
