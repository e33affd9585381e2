#include "localstack/event_log.h"

#include <charconv>

#include "common/utf8.h"

namespace armada::localstack {

std::string EventLog::Append(const std::string& queue, const std::string& job_set,
                             api::EventMessage message) {
  // Done here, once for every event: one string a reader cannot decode would
  // fail every read of the job set, losing every other job's events with it.
  MakeStringsValidUtf8(&message);
  std::string id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& entries = logs_[{queue, job_set}];
    entries.push_back(std::move(message));
    id = std::to_string(entries.size());
  }
  appended_.notify_all();
  return id;
}

bool EventLog::Exists(const std::string& queue, const std::string& job_set) const {
  std::lock_guard<std::mutex> lock(mu_);
  return logs_.count({queue, job_set}) > 0;
}

StatusOr<size_t> EventLog::Position(const std::vector<api::EventMessage>& entries,
                                    const std::string& from_id) {
  if (from_id.empty()) return size_t{0};
  size_t sequence = 0;
  const char* end = from_id.data() + from_id.size();
  const auto [ptr, ec] = std::from_chars(from_id.data(), end, sequence);
  if (ec != std::errc() || ptr != end || sequence == 0 || sequence > entries.size()) {
    return Status::Error("unknown message id \"" + from_id + "\" for this job set");
  }
  return sequence;
}

StatusOr<std::vector<LoggedEvent>> EventLog::Read(const std::string& queue,
                                                  const std::string& job_set,
                                                  const std::string& from_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  static const std::vector<api::EventMessage> kNone;
  const auto it = logs_.find({queue, job_set});
  const auto& entries = it == logs_.end() ? kNone : it->second;
  auto start = Position(entries, from_id);
  if (!start.ok()) return start.status();
  std::vector<LoggedEvent> out;
  for (size_t i = *start; i < entries.size(); ++i) {
    out.push_back({std::to_string(i + 1), entries[i]});
  }
  return out;
}

bool EventLog::Wait(const std::string& queue, const std::string& job_set,
                    const std::string& from_id,
                    std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mu_);
  auto has_more = [&] {
    const auto it = logs_.find({queue, job_set});
    if (it == logs_.end()) return false;
    auto start = Position(it->second, from_id);
    return start.ok() && *start < it->second.size();
  };
  appended_.wait_until(lock, deadline, [&] { return closed_ || has_more(); });
  return has_more();
}

void EventLog::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  appended_.notify_all();
}

bool EventLog::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

}  // namespace armada::localstack
