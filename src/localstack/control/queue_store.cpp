#include "localstack/control/queue_store.h"

#include <spdlog/spdlog.h>

#include "localstack/control/store.h"

namespace armada::localstack {
namespace {

Status NotFound(const std::string& name) {
  return Status::NotFound("queue \"" + name + "\" does not exist");
}

}  // namespace

QueueStore::QueueStore(Store* store) : store_(store) {
  if (store_ == nullptr) return;
  auto stored = store_->LoadQueues();
  if (!stored.ok()) {
    spdlog::error("{}", stored.status().message());
    return;
  }
  for (auto& queue : *stored) queues_.emplace(queue.name(), std::move(queue));
}

void QueueStore::Save(const std::string& name, const api::Queue* queue) const {
  if (store_ == nullptr) return;
  const Status s = queue ? store_->PutQueue(*queue) : store_->DeleteQueue(name);
  if (!s.ok()) spdlog::error("queue \"{}\": {}", name, s.message());
}

Status QueueStore::Create(const api::Queue& queue) {
  if (queue.name().empty()) {
    return Status::InvalidArgument("name: a queue needs a name");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!queues_.emplace(queue.name(), queue).second) {
    return Status::AlreadyExists("queue \"" + queue.name() + "\" already exists");
  }
  Save(queue.name(), &queue);
  return Status();
}

Status QueueStore::Update(const api::Queue& queue) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = queues_.find(queue.name());
  if (it == queues_.end()) return NotFound(queue.name());
  it->second = queue;
  Save(queue.name(), &queue);
  return Status();
}

Status QueueStore::Delete(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (queues_.erase(name) == 0) return NotFound(name);
  Save(name, nullptr);
  return Status();
}

Status QueueStore::Get(const std::string& name, api::Queue* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = queues_.find(name);
  if (it == queues_.end()) return NotFound(name);
  *out = it->second;
  return Status();
}

bool QueueStore::Exists(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return queues_.count(name) > 0;
}

std::vector<api::Queue> QueueStore::List(size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<api::Queue> out;
  for (const auto& [name, queue] : queues_) {
    if (limit > 0 && out.size() == limit) break;
    out.push_back(queue);
  }
  return out;
}

}  // namespace armada::localstack
