// Admission onto the single node: which queued jobs start now.
//
// Contract:
// - Capacity is fixed at construction (CPU in millicores, memory in bytes).
// - Order: lower priority number first (Armada's convention: priority 0 is
//   the most urgent), first-in first-out within a priority. A job that does
//   not fit is skipped and later, smaller jobs may still start; a job larger
//   than the whole node stays queued for ever, as a job no node can take.
// - A started job holds its request until Release.
// - Not thread-safe: the caller serialises access.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <vector>

namespace armada::localstack {

struct Resources {
  int64_t milli_cpu = 0;
  int64_t memory_bytes = 0;
};

// This machine: online CPUs and MemTotal.
Resources MachineCapacity();

// Armada's gang annotations (armadaproject.io/gangId, gangCardinality); an
// empty id means the job is on its own.
struct Gang {
  std::string id;
  int cardinality = 1;
};

class Scheduler {
 public:
  explicit Scheduler(Resources capacity) : capacity_(capacity) {}

  // Queues a job. Precondition: `job_id` is neither queued nor running.
  void Enqueue(const std::string& job_id, double priority, Resources request, Gang gang = {});
  // Changes a queued job's priority, keeping its arrival order; false when
  // the job is not queued.
  bool Reprioritize(const std::string& job_id, double priority);
  // Takes a job out of the queue; false when it is not queued.
  bool Remove(const std::string& job_id);
  // Starts every queued job that fits, in order, reserving its request, and
  // returns their ids in start order.
  std::vector<std::string> Schedule();
  // Frees a started job's reservation; no-op for an unknown id.
  void Release(const std::string& job_id);

  Resources free() const { return free_; }

 private:
  struct Queued {
    std::string job_id;
    double priority;
    uint64_t arrival;
    Resources request;
    Gang gang;
  };
  bool Fits(const Resources& r) const {
    return r.milli_cpu <= free_.milli_cpu && r.memory_bytes <= free_.memory_bytes;
  }
  void Reserve(const Queued& q);
  Resources capacity_;
  Resources free_ = capacity_;
  uint64_t next_arrival_ = 0;
  std::list<Queued> queue_;
  std::map<std::string, Resources> running_;
};

}  // namespace armada::localstack
