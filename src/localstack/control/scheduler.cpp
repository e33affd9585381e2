#include "localstack/control/scheduler.h"

#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "common/read_file.h"

namespace armada::localstack {

Resources MachineCapacity() {
  Resources machine;
  machine.milli_cpu = std::max<long>(1, sysconf(_SC_NPROCESSORS_ONLN)) * 1000;
  std::istringstream meminfo(ReadFileToString("/proc/meminfo", 1 << 16).value_or(""));
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    int64_t kib = 0;
    if (fields >> key >> kib && key == "MemTotal:") machine.memory_bytes = kib * 1024;
  }
  return machine;
}

Scheduler::Scheduler(std::vector<NodeResources> nodes) {
  for (auto& node : nodes) free_[node.name] = node.capacity;
}

void Scheduler::Enqueue(const std::string& job_id, double priority, Resources request,
                        std::vector<std::string> nodes, Gang gang) {
  queue_.push_back({job_id, priority, next_arrival_++, request, std::move(nodes), std::move(gang)});
  queued_cpu_.insert(request.milli_cpu);
  queued_memory_.insert(request.memory_bytes);
  Reorder(std::prev(queue_.end()));
}

std::list<Scheduler::Queued>::iterator Scheduler::Dequeue(std::list<Queued>::iterator it) {
  queued_cpu_.erase(queued_cpu_.find(it->request.milli_cpu));
  queued_memory_.erase(queued_memory_.find(it->request.memory_bytes));
  return queue_.erase(it);
}

bool Scheduler::NothingFits() const {
  if (queue_.empty()) return true;
  const int64_t cpu = *queued_cpu_.begin();
  const int64_t memory = *queued_memory_.begin();
  for (const auto& [name, free] : free_) {
    if (cpu <= free.milli_cpu && memory <= free.memory_bytes) return false;
  }
  return true;
}

void Scheduler::Reorder(std::list<Queued>::iterator it) {
  auto before = [](const Queued& a, const Queued& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.arrival < b.arrival;
  };
  // Usually a job arrives with its set's priority and is already in place.
  auto pos = std::next(it);
  while (pos != queue_.end() && before(*pos, *it)) ++pos;
  auto back = it;
  while (back != queue_.begin() && before(*it, *std::prev(back))) --back;
  if (back != it) {
    queue_.splice(back, queue_, it);
  } else if (pos != std::next(it)) {
    queue_.splice(pos, queue_, it);
  }
}

std::string Scheduler::Place(const Queued& q, const std::map<std::string, Resources>& free) const {
  for (const auto& name : q.nodes) {
    const auto it = free.find(name);
    if (it == free.end() || cordoned_.count(name) > 0) continue;
    if (q.request.milli_cpu <= it->second.milli_cpu &&
        q.request.memory_bytes <= it->second.memory_bytes) {
      return name;
    }
  }
  return "";
}

void Scheduler::Take(Resources request, Resources& from) {
  from.milli_cpu -= request.milli_cpu;
  from.memory_bytes -= request.memory_bytes;
}

bool Scheduler::Reprioritize(const std::string& job_id, double priority) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->job_id == job_id) {
      it->priority = priority;
      Reorder(it);
      return true;
    }
  }
  return false;
}

bool Scheduler::Remove(const std::string& job_id) {
  const auto it = std::find_if(queue_.begin(), queue_.end(),
                               [&](const Queued& q) { return q.job_id == job_id; });
  if (it == queue_.end()) return false;
  Dequeue(it);
  return true;
}

std::vector<Placement> Scheduler::Schedule() {
  std::vector<Placement> started;
  // On a full cluster a job's end frees room for about one more: stop once
  // no queued job could fit rather than try each of them, every time.
  if (NothingFits()) return started;
  std::set<std::string> gangs_seen;
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (it->gang.id.empty()) {
      const std::string node = Place(*it, free_);
      if (node.empty()) {
        ++it;
        continue;
      }
      Take(it->request, free_[node]);
      running_[it->job_id] = {node, it->request};
      started.push_back({it->job_id, node});
      it = Dequeue(it);
      if (NothingFits()) break;
      continue;
    }
    // The gang's first member in the order decides for all of them.
    if (!gangs_seen.insert(it->gang.id).second) {
      ++it;
      continue;
    }
    std::vector<std::list<Queued>::iterator> members;
    for (auto m = it; m != queue_.end(); ++m) {
      if (m->gang.id == it->gang.id) members.push_back(m);
    }
    if (static_cast<int>(members.size()) < it->gang.cardinality) {
      ++it;
      continue;
    }
    // Placed one by one on a copy of the accounts, kept only if all fit.
    std::map<std::string, Resources> free = free_;
    std::vector<std::string> nodes;
    for (auto m : members) {
      nodes.push_back(Place(*m, free));
      if (nodes.back().empty()) break;
      Take(m->request, free[nodes.back()]);
    }
    if (nodes.back().empty()) {
      ++it;
      continue;
    }
    free_ = std::move(free);
    auto next = std::next(it);
    while (next != queue_.end() && next->gang.id == it->gang.id) ++next;
    for (size_t i = 0; i < members.size(); ++i) {
      running_[members[i]->job_id] = {nodes[i], members[i]->request};
      started.push_back({members[i]->job_id, nodes[i]});
      Dequeue(members[i]);
    }
    it = next;
    if (NothingFits()) break;
  }
  return started;
}

void Scheduler::Release(const std::string& job_id) {
  const auto it = running_.find(job_id);
  if (it == running_.end()) return;
  Resources& free = free_[it->second.node];
  free.milli_cpu += it->second.request.milli_cpu;
  free.memory_bytes += it->second.request.memory_bytes;
  running_.erase(it);
}

bool Scheduler::Cordon(const std::string& node) {
  if (free_.count(node) == 0) return false;
  cordoned_.insert(node);
  return true;
}

Resources Scheduler::free(const std::string& node) const {
  const auto it = free_.find(node);
  return it == free_.end() ? Resources{} : it->second;
}

}  // namespace armada::localstack
