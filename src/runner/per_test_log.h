// One test's log: lines go to the console (through spdlog, prefixed with
// the test's name) and are kept for the test's report. The console shows by
// default only what a reader of a run needs (a test's start and verdict,
// each failed job, warnings); a test's steps and per-event detail lines
// show with -v (debug). Thread-safe, since a test's submitter, watcher and
// actions all write to it.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace armada::runner {

class TestLog {
 public:
  explicit TestLog(std::string test_name) : test_name_(std::move(test_name)) {}

  // Logs a line the default console shows (the test's start, a failed job).
  void Info(const std::string& line);
  // Logs a step of the test (queues set up, a batch submitted, an action
  // taken): kept for the report, on the console only with -v.
  void Step(const std::string& line);
  // Logs a line about something that went wrong but may recover.
  void Warn(const std::string& line);
  // Logs the test's verdict: at info when it passed, warning when it was not
  // run to the end (skipped, interrupted), error when it failed, so a
  // colour console shows green, yellow and red; kept as written. A long
  // not-run line that another test's verdict showed already is shortened on
  // the console, naming that test.
  enum class Verdict { kPassed, kNotRun, kFailed };
  void LogVerdict(Verdict verdict, const std::string& line);
  // Logs a per-event line at debug level (shown with -v) and does not keep
  // it: a report holds each job's timeline instead. Callers check
  // detailed() first so a 100 000-job test builds no line nobody sees.
  void Detail(const std::string& line) const;
  // The same, stamped with `at` (an event's own time, as the server created
  // it) rather than the time it is logged.
  void Detail(const std::string& line, std::chrono::system_clock::time_point at) const;
  static bool detailed();

  // Every line so far, newline-separated, each with its wall-clock time.
  std::string Text() const;

 private:
  void Append(const std::string& line);

  const std::string test_name_;
  mutable std::mutex mu_;
  std::string text_;
};

}  // namespace armada::runner
