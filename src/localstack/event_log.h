// The public event stream's storage: per (queue, job set) an ordered,
// append-only log of api::EventMessage, as Armada's event API serves it.
//
// Contract:
// - Message ids are decimal sequence numbers per job set, starting at "1";
//   they only mean something together with their (queue, job set).
// - Read(from) returns the entries after `from` (all entries when `from` is
//   empty). An id this log never issued for that job set is an error.
// - Wait blocks until an entry after `from` exists, the deadline passes or
//   Close() is called, so a watching stream can also check for its client
//   leaving between waits.
// - Every string in a stored event is valid UTF-8: Append replaces invalid
//   sequences (a job's own bytes in a termination message or log tail) with
//   U+FFFD, since a single undecodable event would break every read of its set.
// - Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "api/event.pb.h"
#include "common/status.h"

namespace armada::localstack {

struct LoggedEvent {
  std::string id;
  api::EventMessage message;
};

class EventLog {
 public:
  // Appends `message` to the job set's log and returns its id.
  std::string Append(const std::string& queue, const std::string& job_set,
                     api::EventMessage message);

  // Whether anything was ever logged for the job set.
  bool Exists(const std::string& queue, const std::string& job_set) const;

  // The entries after `from_id`; see the file comment.
  StatusOr<std::vector<LoggedEvent>> Read(const std::string& queue, const std::string& job_set,
                                          const std::string& from_id) const;

  // Blocks until an entry after `from_id` exists, `deadline` passes or the log
  // is closed. Returns whether an entry is there to Read.
  bool Wait(const std::string& queue, const std::string& job_set, const std::string& from_id,
            std::chrono::steady_clock::time_point deadline) const;

  // Wakes every waiter and makes later waits return at once (shutdown).
  void Close();
  bool closed() const;

 private:
  using Key = std::pair<std::string, std::string>;
  // The position after `from_id` in `entries`, or an error for an unknown id.
  static StatusOr<size_t> Position(const std::vector<api::EventMessage>& entries,
                                   const std::string& from_id);

  mutable std::mutex mu_;
  mutable std::condition_variable appended_;
  std::map<Key, std::vector<api::EventMessage>> logs_;
  bool closed_ = false;
};

}  // namespace armada::localstack
