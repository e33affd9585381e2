#include "localstack/scheduler.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace armada::localstack {

Resources MachineCapacity() {
  Resources machine;
  machine.milli_cpu = std::max<long>(1, sysconf(_SC_NPROCESSORS_ONLN)) * 1000;
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    int64_t kib = 0;
    if (fields >> key >> kib && key == "MemTotal:") machine.memory_bytes = kib * 1024;
  }
  return machine;
}

void Scheduler::Enqueue(const std::string& job_id, double priority, Resources request) {
  queue_.push_back({job_id, priority, next_arrival_++, request});
}

bool Scheduler::Reprioritize(const std::string& job_id, double priority) {
  for (auto& q : queue_) {
    if (q.job_id == job_id) {
      q.priority = priority;
      return true;
    }
  }
  return false;
}

bool Scheduler::Remove(const std::string& job_id) {
  const auto it = std::find_if(queue_.begin(), queue_.end(),
                               [&](const Queued& q) { return q.job_id == job_id; });
  if (it == queue_.end()) return false;
  queue_.erase(it);
  return true;
}

std::vector<std::string> Scheduler::Schedule() {
  queue_.sort([](const Queued& a, const Queued& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.arrival < b.arrival;
  });
  std::vector<std::string> started;
  for (auto it = queue_.begin(); it != queue_.end();) {
    const Resources& r = it->request;
    if (r.milli_cpu > free_.milli_cpu || r.memory_bytes > free_.memory_bytes) {
      ++it;
      continue;
    }
    free_.milli_cpu -= r.milli_cpu;
    free_.memory_bytes -= r.memory_bytes;
    running_[it->job_id] = r;
    started.push_back(it->job_id);
    it = queue_.erase(it);
  }
  return started;
}

void Scheduler::Release(const std::string& job_id) {
  const auto it = running_.find(job_id);
  if (it == running_.end()) return;
  free_.milli_cpu += it->second.milli_cpu;
  free_.memory_bytes += it->second.memory_bytes;
  running_.erase(it);
}

}  // namespace armada::localstack
