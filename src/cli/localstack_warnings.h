// What --local's armada-localstack warns of, on the runner's console and in
// the tests it concerns: its log goes to a file (localstack_process.h), where
// "cannot provide memory limits" or "fits no node" would otherwise wait
// unread while a test fails for a reason nobody sees.
//
// Contract:
// - ParseLogLine reads one line of armada-localstack's log (spdlog's
//   default pattern, "[TIME] [NAME] [LEVEL] MESSAGE"): its level and message,
//   nullopt for anything else (a continuation line).
// - FitsNoNode reads a message "job ID fits no node: WHY"
//   (api/localstack_protocol.h's kFitsNoNodeWarning): the id and WHY.
// - LocalStackWarnings follows the file from its start on a thread of its
//   own (read again every 200 ms until destroyed): each warning or error
//   line is logged as a warning ("armada-localstack: MESSAGE"), the first
//   kMaxRelayed of them; the next one says where the rest are. WhyQueued
//   first reads what the file holds now, so a warning written before the
//   call is always seen. Thread-safe.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace armada::cli {

struct LogLine {
  std::string level;  // spdlog's: "info", "warning", "error", ...
  std::string message;
};

std::optional<LogLine> ParseLogLine(const std::string& line);

// (job id, why) of a "fits no node" warning's message.
std::optional<std::pair<std::string, std::string>> FitsNoNode(const std::string& message);

class LocalStackWarnings {
 public:
  static constexpr size_t kMaxRelayed = 20;

  explicit LocalStackWarnings(std::string log_path);
  ~LocalStackWarnings();
  LocalStackWarnings(const LocalStackWarnings&) = delete;
  LocalStackWarnings& operator=(const LocalStackWarnings&) = delete;

  // Why the first of job_ids that the log says fits no node stays queued:
  // "job ID fits no node: WHY" and how many more did; "" when none did.
  std::string WhyQueued(const std::vector<std::string>& job_ids);

 private:
  // Reads what the file gained since the last read. Expects mu_ held.
  void CatchUpLocked();
  void HandleLocked(const std::string& line);

  const std::string log_path_;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  // Guarded by mu_:
  std::streamoff offset_ = 0;
  std::string partial_;  // a line not yet ended by a newline
  size_t relayed_ = 0;
  std::map<std::string, std::string> fits_no_node_;
  std::thread follower_;  // last: started once the rest exists
};

}  // namespace armada::cli
