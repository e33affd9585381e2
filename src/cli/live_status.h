// The console of a run: log lines scroll as usual while, on a terminal, one
// status line per running test (jobs submitted / running / done, seconds
// since it started) stays at the bottom.
//
// Contract:
// - All console logging goes through sink(), which erases the status lines,
//   prints the log line and redraws them, so the two never interleave.
// - Status lines are drawn only when Options::terminal; they are redrawn on
//   every change and every Options::tick while a test runs (so the seconds
//   count while nothing happens), and each is cut to the terminal's width
//   (Options::columns, read again at each draw) so none wraps and leaves a
//   stale copy behind.
// - With Options::color, the level of each log line is coloured: info green,
//   warnings yellow, errors red (a test's verdict is logged at those levels:
//   passed, skipped, failed; runner/per_test_log.h).
// - The destructor stops the timer and erases the status lines.
// Thread-safe: the suite's threads, the logger and the timer all call in.
#pragma once

#include <spdlog/sinks/sink.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "runner/suite.h"

namespace armada::cli {

// Whether the console gets colour: only on a terminal, and not when NO_COLOR
// is set to anything non-empty (no-color.org). no_color is getenv's answer.
bool UseColor(bool terminal, const char* no_color);

// The width of the terminal on fd (TIOCGWINSZ); 0 when fd is no terminal or
// does not say.
size_t TerminalColumns(int fd);

// line cut to at most columns characters (UTF-8 sequences count as one and
// are never split); columns 0 means no limit.
std::string FitToWidth(const std::string& line, size_t columns);

class LiveStatus : public runner::SuiteObserver {
 public:
  struct Options {
    bool terminal = false;  // draw status lines
    bool color = false;     // colour log levels
    // The terminal's width at each draw; empty or 0: no limit.
    std::function<size_t()> columns;
    std::chrono::milliseconds tick{1000};
  };

  LiveStatus(std::FILE* out, Options options);
  ~LiveStatus() override;
  LiveStatus(const LiveStatus&) = delete;
  LiveStatus& operator=(const LiveStatus&) = delete;

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
  void Tick();

  std::FILE* out_;
  const Options options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, Running> running_;
  size_t drawn_lines_ = 0;
  std::shared_ptr<spdlog::sinks::sink> sink_;
  std::thread timer_;  // last: started once everything above exists
};

}  // namespace armada::cli
