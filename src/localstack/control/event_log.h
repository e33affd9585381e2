// The public event stream's storage: per (queue, job set) an ordered,
// append-only log of api::EventMessage, as Armada's event API serves it.
// Entries are kept as their wire bytes, packed and compressed in blocks
// (packed_strings.h), and parsed when read: a finished job set stays for the
// retention hour (job_set_retention.h), and a parsed message takes several
// times the memory of its bytes.
//
// Contract:
// - Message ids are decimal sequence numbers per job set, starting at "1";
//   they only mean something together with their (queue, job set).
// - Read(from) returns the entries after `from` (all entries when `from` is
//   empty). An id this log never issued for that job set is an error.
// - Get(id) returns the one entry with that id (an error for any other id).
// - Wait blocks until an entry after `from` exists, the deadline passes or
//   Close() is called (for callers that may block a thread, such as tests).
// - Subscribe registers a listener that runs after every Append to one job
//   set, on the appending thread with no lock of the log held, so it may call
//   Read. Streams use it to wait without a thread each.
// - Forget drops a job set's entries (finished job sets are released, see
//   job_set_retention.h); afterwards the job set is as if never logged.
// - With a Store, the logs are loaded from it and every entry is written to
//   it before Append returns, so message ids survive a restart.
// - Every string in a stored event is valid UTF-8: Append replaces invalid
//   sequences (a job's own bytes in a termination message or log tail) with
//   U+FFFD, since a single undecodable event would break every read of its set.
// - Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "api/event.pb.h"
#include "common/status.h"
#include "localstack/control/packed_strings.h"

namespace armada::localstack {

struct LoggedEvent {
  std::string id;
  api::EventMessage message;
};

class Store;

class EventLog {
 public:
  // `store` (may be null) must outlive the log.
  explicit EventLog(Store* store = nullptr);

  // Appends `message` to the job set's log and returns its id.
  std::string Append(const std::string& queue, const std::string& job_set,
                     api::EventMessage message);

  // Whether anything was ever logged for the job set.
  bool Exists(const std::string& queue, const std::string& job_set) const;

  // The entries after `from_id`; see the file comment.
  StatusOr<std::vector<LoggedEvent>> Read(const std::string& queue, const std::string& job_set,
                                          const std::string& from_id) const;
  // The entry with id `id`.
  StatusOr<api::EventMessage> Get(const std::string& queue, const std::string& job_set,
                                  const std::string& id) const;

  // Blocks until an entry after `from_id` exists, `deadline` passes or the log
  // is closed. Returns whether an entry is there to Read.
  bool Wait(const std::string& queue, const std::string& job_set, const std::string& from_id,
            std::chrono::steady_clock::time_point deadline) const;

  // Wakes every waiter and makes later waits return at once (shutdown).
  void Close();

  // A listener's registration; see Subscribe.
  class Subscription;
  // Runs `listener` after each later Append to the job set until Unsubscribe.
  std::shared_ptr<Subscription> Subscribe(const std::string& queue, const std::string& job_set,
                                          std::function<void()> listener);
  // After this returns the listener is not running and never runs again.
  // REQUIRES: not called from the listener itself.
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);

  // Drops the job set's entries from memory (Store::ForgetJobSet drops the
  // stored copy).
  void Forget(const std::string& queue, const std::string& job_set);
  // How many job sets have entries (for tests of bounded memory).
  size_t JobSetCount() const;

 private:
  using Key = std::pair<std::string, std::string>;
  // Each entry's wire bytes, in order.
  using Entries = PackedStrings;
  // The position after `from_id` in `entries`, or an error for an unknown id.
  static StatusOr<size_t> Position(const Entries& entries, const std::string& from_id);
  // The job set's entries; none for one never logged.
  const Entries& EntriesLocked(const Key& key) const;

  Store* const store_;
  mutable std::mutex mu_;
  mutable std::condition_variable appended_;
  std::map<Key, Entries> logs_;
  std::map<Key, std::list<std::shared_ptr<Subscription>>> subscribers_;
  bool closed_ = false;
};

}  // namespace armada::localstack
