// The terminal view of a run: log lines scroll as usual while one status line
// per running test (jobs submitted / running / done) stays at the bottom.
//
// Contract: meant only for a terminal (the caller checks isatty). All
// console logging must go through sink(), which erases the status lines,
// prints the log line and redraws them, so the two never interleave. The
// destructor erases the status lines.
#pragma once

#include <spdlog/sinks/sink.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "runner/suite.h"

namespace armada::cli {

class LiveStatus : public runner::SuiteObserver {
 public:
  explicit LiveStatus(std::FILE* out);
  ~LiveStatus() override;

  // The spdlog sink that prints log lines above the status lines.
  std::shared_ptr<spdlog::sinks::sink> sink();

  void OnStarted(const std::string& test, const runner::JobCounts& planned) override;
  void OnProgress(const std::string& test, const runner::JobCounts& counts) override;
  void OnFinished(const report::TestResult& result) override;

  // Prints a log line above the status lines.
  void PrintLine(const std::string& line);

 private:
  struct Running {
    std::chrono::steady_clock::time_point started;
    runner::JobCounts counts;
  };
  // Both expect mu_ held.
  void Erase();
  void Draw();

  std::FILE* out_;
  std::mutex mu_;
  std::map<std::string, Running> running_;
  size_t drawn_lines_ = 0;
  std::shared_ptr<spdlog::sinks::sink> sink_;
};

}  // namespace armada::cli
