#include "localstack/scheduler.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
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

void Scheduler::Enqueue(const std::string& job_id, double priority, Resources request, Gang gang) {
  queue_.push_back({job_id, priority, next_arrival_++, request, std::move(gang)});
}

void Scheduler::Reserve(const Queued& q) {
  free_.milli_cpu -= q.request.milli_cpu;
  free_.memory_bytes -= q.request.memory_bytes;
  running_[q.job_id] = q.request;
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
  std::set<std::string> gangs_seen;
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (it->gang.id.empty()) {
      if (!Fits(it->request)) {
        ++it;
        continue;
      }
      Reserve(*it);
      started.push_back(it->job_id);
      it = queue_.erase(it);
      continue;
    }
    // The gang's first member in the order decides for all of them.
    if (!gangs_seen.insert(it->gang.id).second) {
      ++it;
      continue;
    }
    std::vector<std::list<Queued>::iterator> members;
    Resources sum;
    for (auto m = it; m != queue_.end(); ++m) {
      if (m->gang.id != it->gang.id) continue;
      members.push_back(m);
      sum.milli_cpu += m->request.milli_cpu;
      sum.memory_bytes += m->request.memory_bytes;
    }
    if (static_cast<int>(members.size()) < it->gang.cardinality || !Fits(sum)) {
      ++it;
      continue;
    }
    auto next = std::next(it);
    while (next != queue_.end() && next->gang.id == it->gang.id) ++next;
    for (auto m : members) {
      Reserve(*m);
      started.push_back(m->job_id);
      queue_.erase(m);
    }
    it = next;
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
