#include "localstack/control/store.h"

#include <functional>

namespace armada::localstack {
namespace {

constexpr char kSchema[] = R"(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS queues (name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS retry_policies (name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  queue TEXT NOT NULL, job_set TEXT NOT NULL, sequence INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (queue, job_set, sequence));
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, queue TEXT NOT NULL, job_set TEXT NOT NULL, state INTEGER NOT NULL,
  spec BLOB NOT NULL, cluster_id TEXT, pool TEXT, node_name TEXT, pod_name TEXT,
  pod_namespace TEXT, run_id TEXT, cancel_user TEXT);
CREATE INDEX IF NOT EXISTS jobs_by_job_set ON jobs (queue, job_set);
)";

// Columns added since the first schema, for a database an older build made:
// a column missing from `jobs` is added (empty for the jobs already there).
constexpr const char* kAddedJobColumns[] = {"cancel_user"};

// True when `table` has `column`.
bool HasColumn(sqlite3* db, const std::string& table, const std::string& column) {
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "PRAGMA table_info(" + table + ")";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return false;
  bool found = false;
  while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
    found = name != nullptr && column == name;
  }
  sqlite3_finalize(stmt);
  return found;
}

void BindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void BindBlob(sqlite3_stmt* stmt, int index, const std::string& bytes) {
  sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

std::string Text(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text == nullptr ? "" : std::string(text, sqlite3_column_bytes(stmt, column));
}

std::string Blob(sqlite3_stmt* stmt, int column) {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
  return data == nullptr ? "" : std::string(data, sqlite3_column_bytes(stmt, column));
}

template <typename Message>
Status Parse(sqlite3_stmt* stmt, int column, Message* out) {
  if (!out->ParseFromString(Blob(stmt, column))) {
    return Status::Error("a stored " + out->GetTypeName() + " does not parse");
  }
  return Status();
}

}  // namespace

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    const std::string why = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
    sqlite3_close(db);
    return Status::Error("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  int rc = sqlite3_exec(db, kSchema, nullptr, nullptr, &error);
  for (const char* column : kAddedJobColumns) {
    if (rc != SQLITE_OK || HasColumn(db, "jobs", column)) continue;
    const std::string add = std::string("ALTER TABLE jobs ADD COLUMN ") + column + " TEXT";
    rc = sqlite3_exec(db, add.c_str(), nullptr, nullptr, &error);
  }
  if (rc != SQLITE_OK) {
    const std::string why = error == nullptr ? "unknown error" : error;
    sqlite3_free(error);
    sqlite3_close(db);
    return Status::Error(path + ": " + why);
  }
  return std::unique_ptr<Store>(new Store(db));
}

Store::~Store() { sqlite3_close(db_); }

Status Store::Run(const std::string& sql, const std::function<void(sqlite3_stmt*)>& bind,
                  const std::function<Status(sqlite3_stmt*)>& row) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Error(std::string("store: ") + sqlite3_errmsg(db_));
  }
  if (bind) bind(stmt);
  Status status = Status();
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (row && status.ok()) status = row(stmt);
  }
  if (rc != SQLITE_DONE && status.ok()) {
    status = Status::Error(std::string("store: ") + sqlite3_errmsg(db_));
  }
  sqlite3_finalize(stmt);
  return status;
}

Status Store::PutNamed(const char* table, const std::string& name,
                       const google::protobuf::MessageLite& message) {
  return Run(std::string("INSERT OR REPLACE INTO ") + table + " (name, data) VALUES (?, ?)",
             [&](sqlite3_stmt* s) {
               BindText(s, 1, name);
               BindBlob(s, 2, message.SerializeAsString());
             });
}

Status Store::DeleteNamed(const char* table, const std::string& name) {
  return Run(std::string("DELETE FROM ") + table + " WHERE name = ?",
             [&](sqlite3_stmt* s) { BindText(s, 1, name); });
}

template <typename Message>
StatusOr<std::vector<Message>> Store::LoadNamed(const char* table) {
  std::vector<Message> all;
  Status s = Run(std::string("SELECT data FROM ") + table + " ORDER BY name", nullptr,
                 [&](sqlite3_stmt* stmt) { return Parse(stmt, 0, &all.emplace_back()); });
  if (!s.ok()) return s;
  return all;
}

Status Store::PutQueue(const api::Queue& queue) { return PutNamed("queues", queue.name(), queue); }

Status Store::DeleteQueue(const std::string& name) { return DeleteNamed("queues", name); }

StatusOr<std::vector<api::Queue>> Store::LoadQueues() { return LoadNamed<api::Queue>("queues"); }

Status Store::PutRetryPolicy(const api::RetryPolicy& policy) {
  return PutNamed("retry_policies", policy.name(), policy);
}

Status Store::DeleteRetryPolicy(const std::string& name) {
  return DeleteNamed("retry_policies", name);
}

StatusOr<std::vector<api::RetryPolicy>> Store::LoadRetryPolicies() {
  return LoadNamed<api::RetryPolicy>("retry_policies");
}

Status Store::AppendEvent(const std::string& queue, const std::string& job_set, size_t sequence,
                          const std::string& wire) {
  return Run("INSERT OR REPLACE INTO events (queue, job_set, sequence, data) VALUES (?, ?, ?, ?)",
             [&](sqlite3_stmt* s) {
               BindText(s, 1, queue);
               BindText(s, 2, job_set);
               sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(sequence));
               BindBlob(s, 4, wire);
             });
}

StatusOr<std::map<Store::JobSetKey, std::vector<std::string>>> Store::LoadEvents() {
  std::map<JobSetKey, std::vector<std::string>> logs;
  api::EventMessage message;
  Status s =
      Run("SELECT queue, job_set, sequence, data FROM events "
          "ORDER BY queue, job_set, sequence",
          nullptr, [&](sqlite3_stmt* stmt) {
            auto& entries = logs[{Text(stmt, 0), Text(stmt, 1)}];
            // Sequence numbers are dense from 1; a gap means a lost write.
            if (sqlite3_column_int64(stmt, 2) != static_cast<int64_t>(entries.size()) + 1) {
              return Status::Error("store: the event log of job set \"" + Text(stmt, 1) +
                                   "\" has a gap");
            }
            if (Status s = Parse(stmt, 3, &message); !s.ok()) return s;
            entries.push_back(Blob(stmt, 3));
            return Status();
          });
  if (!s.ok()) return s;
  return logs;
}

Status Store::PutJob(const StoredJob& job) {
  return Run(
      "INSERT OR REPLACE INTO jobs (id, queue, job_set, state, spec, cluster_id, pool, node_name, "
      "pod_name, pod_namespace, run_id, cancel_user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [&](sqlite3_stmt* s) {
        BindText(s, 1, job.spec.id());
        BindText(s, 2, job.spec.queue());
        BindText(s, 3, job.spec.job_set_id());
        sqlite3_bind_int(s, 4, job.state);
        BindBlob(s, 5, job.spec.SerializeAsString());
        BindText(s, 6, job.pod.cluster_id);
        BindText(s, 7, job.pod.pool);
        BindText(s, 8, job.pod.node_name);
        BindText(s, 9, job.pod.pod_name);
        BindText(s, 10, job.pod.pod_namespace);
        BindText(s, 11, job.pod.run_id);
        BindText(s, 12, job.cancel_user);
      });
}

StatusOr<std::vector<StoredJob>> Store::LoadJobs() {
  std::vector<StoredJob> jobs;
  Status s =
      Run("SELECT state, spec, cluster_id, pool, node_name, pod_name, pod_namespace, run_id, "
          "cancel_user FROM jobs ORDER BY id",
          nullptr, [&](sqlite3_stmt* stmt) {
            StoredJob& job = jobs.emplace_back();
            job.state = sqlite3_column_int(stmt, 0);
            job.pod = {Text(stmt, 2), Text(stmt, 3), Text(stmt, 4),
                       Text(stmt, 5), Text(stmt, 6), Text(stmt, 7)};
            job.cancel_user = Text(stmt, 8);
            return Parse(stmt, 1, &job.spec);
          });
  if (!s.ok()) return s;
  return jobs;
}

Status Store::ForgetJobSet(const std::string& queue, const std::string& job_set) {
  for (const char* sql : {"DELETE FROM jobs WHERE queue = ? AND job_set = ?",
                          "DELETE FROM events WHERE queue = ? AND job_set = ?"}) {
    Status s = Run(sql, [&](sqlite3_stmt* stmt) {
      BindText(stmt, 1, queue);
      BindText(stmt, 2, job_set);
    });
    if (!s.ok()) return s;
  }
  return Status();
}

}  // namespace armada::localstack
