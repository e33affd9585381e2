#include "localstack/control/event_log.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "common/utf8.h"
#include "localstack/control/store.h"

namespace armada::localstack {

// Lock rule: a listener runs under its own mu, never under the log's mu_, and
// Unsubscribe takes the two one after the other, so a listener may Read.
class EventLog::Subscription {
 public:
  Subscription(Key key, std::function<void()> listener)
      : key(std::move(key)), listener(std::move(listener)) {}
  const Key key;
  std::mutex mu;
  bool active = true;
  const std::function<void()> listener;
};

EventLog::EventLog(Store* store) : store_(store) {
  if (store_ == nullptr) return;
  auto stored = store_->LoadEvents();
  if (!stored.ok()) {
    spdlog::error("{}", stored.status().message());
    return;
  }
  for (auto& [key, entries] : *stored) {
    Entries& packed = logs_[key];
    for (const std::string& wire : entries) packed.Append(wire);
  }
}

std::string EventLog::Append(const std::string& queue, const std::string& job_set,
                             api::EventMessage message) {
  // Done here, once for every event: one string a reader cannot decode would
  // fail every read of the job set, losing every other job's events with it.
  MakeStringsValidUtf8(&message);
  std::string id;
  std::vector<std::shared_ptr<Subscription>> listeners;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Key key{queue, job_set};
    auto& entries = logs_[key];
    std::string wire = message.SerializeAsString();
    if (store_ != nullptr) {
      const Status s = store_->AppendEvent(queue, job_set, entries.size() + 1, wire);
      if (!s.ok()) spdlog::error("job set \"{}\": {}", job_set, s.message());
    }
    entries.Append(wire);
    id = std::to_string(entries.size());
    if (const auto it = subscribers_.find(key); it != subscribers_.end()) {
      listeners.assign(it->second.begin(), it->second.end());
    }
  }
  appended_.notify_all();
  for (const auto& subscription : listeners) {
    std::lock_guard<std::mutex> lock(subscription->mu);
    if (subscription->active) subscription->listener();
  }
  return id;
}

bool EventLog::Exists(const std::string& queue, const std::string& job_set) const {
  std::lock_guard<std::mutex> lock(mu_);
  return logs_.count({queue, job_set}) > 0;
}

StatusOr<size_t> EventLog::Position(const Entries& entries, const std::string& from_id) {
  if (from_id.empty()) return size_t{0};
  size_t sequence = 0;
  const char* end = from_id.data() + from_id.size();
  const auto [ptr, ec] = std::from_chars(from_id.data(), end, sequence);
  if (ec != std::errc() || ptr != end || sequence == 0 || sequence > entries.size()) {
    return Status::Error("unknown message id \"" + from_id + "\" for this job set");
  }
  return sequence;
}

const EventLog::Entries& EventLog::EntriesLocked(const Key& key) const {
  static const Entries kNone;
  const auto it = logs_.find(key);
  return it == logs_.end() ? kNone : it->second;
}

StatusOr<std::vector<LoggedEvent>> EventLog::Read(const std::string& queue,
                                                  const std::string& job_set,
                                                  const std::string& from_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Entries& entries = EntriesLocked({queue, job_set});
  auto start = Position(entries, from_id);
  if (!start.ok()) return start.status();
  std::vector<LoggedEvent> out;
  out.reserve(entries.size() - *start);
  Status read = entries.Visit(*start, entries.size(), [&](std::string_view wire) {
    LoggedEvent& entry = out.emplace_back();
    entry.id = std::to_string(*start + out.size());
    // Append wrote these bytes from a message.
    entry.message.ParseFromArray(wire.data(), static_cast<int>(wire.size()));
  });
  if (!read.ok()) return Status::Error("job set \"" + job_set + "\": " + read.message());
  return out;
}

StatusOr<api::EventMessage> EventLog::Get(const std::string& queue, const std::string& job_set,
                                          const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Entries& entries = EntriesLocked({queue, job_set});
  auto after = Position(entries, id);
  if (!after.ok()) return after.status();
  if (*after == 0) return Status::Error("no message id given");
  api::EventMessage message;
  Status read = entries.Visit(*after - 1, *after, [&](std::string_view wire) {
    message.ParseFromArray(wire.data(), static_cast<int>(wire.size()));
  });
  if (!read.ok()) return Status::Error("job set \"" + job_set + "\": " + read.message());
  return message;
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

std::shared_ptr<EventLog::Subscription> EventLog::Subscribe(const std::string& queue,
                                                            const std::string& job_set,
                                                            std::function<void()> listener) {
  auto subscription = std::make_shared<Subscription>(Key{queue, job_set}, std::move(listener));
  std::lock_guard<std::mutex> lock(mu_);
  subscribers_[subscription->key].push_back(subscription);
  return subscription;
}

void EventLog::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = subscribers_.find(subscription->key);
    if (it != subscribers_.end()) {
      it->second.remove(subscription);
      if (it->second.empty()) subscribers_.erase(it);
    }
  }
  // Waits for a listener call in progress on an appending thread.
  std::lock_guard<std::mutex> lock(subscription->mu);
  subscription->active = false;
}

void EventLog::Forget(const std::string& queue, const std::string& job_set) {
  std::lock_guard<std::mutex> lock(mu_);
  logs_.erase({queue, job_set});
}

size_t EventLog::JobSetCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return logs_.size();
}

}  // namespace armada::localstack
