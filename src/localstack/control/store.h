// armada-localstack's durable state (--data-dir): queues, retry policies,
// jobs and event logs in one SQLite database, so a restarted server keeps its
// queues and the policies they name, its jobs' message ids and its client-id
// deduplication. Per-job work directories are
// never kept here.
//
// Contract: every write is committed before the call returns (WAL journal),
// so whatever a client was told survives a SIGTERM or SIGKILL of the server.
// Methods return errors as values; the callers log them and carry on from
// memory. Thread-safe (one connection under a mutex).
#pragma once

#include <sqlite3.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "api/event.pb.h"
#include "api/submit.pb.h"
#include "common/status.h"
#include "localstack/control/job_events.h"

namespace armada::localstack {

// A job as the Cluster keeps it across a restart.
struct StoredJob {
  api::Job spec;
  // The Cluster's own state number (see cluster.cpp).
  int state = 0;
  PodRef pod;
  // Who asked for its cancel ("" when nobody did): a whole job set's cancel
  // names them in no event (JobHistory::CancelRequestedBy).
  std::string cancel_user;
};

class Store {
 public:
  // Opens (creating when needed) `path`.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Status PutQueue(const api::Queue& queue);
  Status DeleteQueue(const std::string& name);
  StatusOr<std::vector<api::Queue>> LoadQueues();

  Status PutRetryPolicy(const api::RetryPolicy& policy);
  Status DeleteRetryPolicy(const std::string& name);
  StatusOr<std::vector<api::RetryPolicy>> LoadRetryPolicies();

  // The event with sequence number `sequence` (1, 2, ...) of the job set, as
  // its wire bytes (a serialized api::EventMessage).
  Status AppendEvent(const std::string& queue, const std::string& job_set, size_t sequence,
                     const std::string& wire);
  using JobSetKey = std::pair<std::string, std::string>;
  // Every job set's events in sequence order, as their wire bytes; an error
  // when one of them does not parse.
  StatusOr<std::map<JobSetKey, std::vector<std::string>>> LoadEvents();

  Status PutJob(const StoredJob& job);
  StatusOr<std::vector<StoredJob>> LoadJobs();

  // Drops a released job set's jobs and events.
  Status ForgetJobSet(const std::string& queue, const std::string& job_set);

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  // A table of messages by name (queues, retry policies): (name, data).
  Status PutNamed(const char* table, const std::string& name,
                  const google::protobuf::MessageLite& message);
  Status DeleteNamed(const char* table, const std::string& name);
  template <typename Message>
  StatusOr<std::vector<Message>> LoadNamed(const char* table);
  // Runs `sql` with `bind` binding its parameters and `row` reading each row.
  Status Run(const std::string& sql, const std::function<void(sqlite3_stmt*)>& bind,
             const std::function<Status(sqlite3_stmt*)>& row = nullptr);

  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace armada::localstack
