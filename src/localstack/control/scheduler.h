// Admission onto the cluster's nodes: which queued jobs start now, and where.
//
// Contract:
// - The nodes and their capacities (CPU in millicores, memory in bytes) are
//   fixed at construction; each node keeps its own account.
// - Order: lower priority number first (Armada's convention: priority 0 is
//   the most urgent), first-in first-out within a priority. A job that does
//   not fit is skipped and later, smaller jobs may still start; a job larger
//   than every node it may go to stays queued for ever, as a job no node can
//   take.
// - Placement: each job names the nodes it may go to (those whose labels
//   and taints accept it, pod_admission.h), in preference order; it goes to
//   the first of them with room for its request. A gang (Armada's gang
//   annotations) starts only when all its members are queued and each has
//   room on one of its nodes, all at once; otherwise none of it starts.
// - A started job holds its request on its node until Release.
// - Not thread-safe: the caller serialises access.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "localstack/pod/resources.h"

namespace armada::localstack {

// This machine: online CPUs and MemTotal.
Resources MachineCapacity();

// Armada's gang annotations (armadaproject.io/gangId, gangCardinality); an
// empty id means the job is on its own.
struct Gang {
  std::string id;
  int cardinality = 1;
};

struct NodeResources {
  std::string name;
  Resources capacity;
};

// A started job and the node it was placed on.
struct Placement {
  std::string job_id;
  std::string node;
};

class Scheduler {
 public:
  // REQUIRES: node names are unique.
  explicit Scheduler(std::vector<NodeResources> nodes);

  // Queues a job that may run on `nodes` (names given at construction, in
  // preference order).
  // REQUIRES: `job_id` is neither queued nor running; `nodes` is not empty.
  void Enqueue(const std::string& job_id, double priority, Resources request,
               std::vector<std::string> nodes, Gang gang = {});
  // Changes a queued job's priority, keeping its arrival order; false when
  // the job is not queued.
  bool Reprioritize(const std::string& job_id, double priority);
  // Takes a job out of the queue; false when it is not queued.
  bool Remove(const std::string& job_id);
  // Starts every queued job that fits, in order, reserving its request on
  // its node, and returns them in start order.
  std::vector<Placement> Schedule();
  // Frees a started job's reservation; no-op for an unknown id.
  void Release(const std::string& job_id);

  // Takes no more jobs on `node` (Kubernetes' unschedulable); its running
  // jobs go on. False for an unknown node.
  bool Cordon(const std::string& node);

  // What `node` has left; zero for an unknown name.
  Resources free(const std::string& node) const;

 private:
  struct Queued {
    std::string job_id;
    double priority;
    uint64_t arrival;
    Resources request;
    std::vector<std::string> nodes;
    Gang gang;
  };
  struct Running {
    std::string node;
    Resources request;
  };
  // The first of q's nodes, not cordoned, with room in `free`; "" when none.
  std::string Place(const Queued& q, const std::map<std::string, Resources>& free) const;
  static void Take(Resources request, Resources& from);
  // Moves `it` to its place in queue_'s order. REQUIRES: every other entry
  // is in order.
  void Reorder(std::list<Queued>::iterator it);
  // Takes `it` out of the queue; returns the entry after it.
  std::list<Queued>::iterator Dequeue(std::list<Queued>::iterator it);
  // Whether no node has room for the smallest queued CPU and memory
  // requests, so no queued job can start (or the queue is empty).
  bool NothingFits() const;

  std::map<std::string, Resources> free_;
  uint64_t next_arrival_ = 0;
  // In start order: by priority (lower first), then arrival. Kept so as
  // entries come and go, rather than sorted by every Schedule: that ran per
  // job start and end, over every queued job.
  std::list<Queued> queue_;
  // Every queued job's requests, for NothingFits.
  std::multiset<int64_t> queued_cpu_, queued_memory_;
  std::map<std::string, Running> running_;
  std::set<std::string> cordoned_;
};

}  // namespace armada::localstack
