// One network namespace per pod, as a kubelet's network plugin gives it (the
// model is CNI's "ptp" plugin): every container of the pod joins it
// (PodProcess), so they share one loopback and one address, and nothing of
// the host's loopback, its abstract UNIX sockets or another pod's is in reach.
//
// Contract:
// - Create takes the pod subnet (pod_subnet.h; localstack.yaml's podSubnet,
//   kDefaultPodSubnet unless set), adds the host route
//   `unreachable SUBNET` once (it stays: a packet for an address whose pod
//   has gone fails at once and never leaves the machine), and makes and
//   gives back one network to prove the host can (veth needs the kernel's
//   veth module). An error says which step failed.
// - Make gives a pod its namespace, entered by nothing yet: loopback up;
//   eth0, one end of a veth pair whose other end (kHostInterfacePrefix + N)
//   stays in the host's namespace; the pair holds the Nth /31 of the subnet,
//   the host end first, so the host reaches the pod at pod_ip and the pod's
//   default route leads to host_ip. IPv4 only; unprivileged ports start at 0
//   there (a container's root binds port 80, as in Kubernetes). N is the
//   next index after the last one taken that neither this process holds nor
//   another server's interface name does (the host's interface names are the
//   lock between servers sharing a subnet); the subnet full is an error.
// - Take gives a pod its network at once when a spare is ready: a thread of
//   its own keeps kSpareNetworks made ahead (a namespace and its pair cost
//   some milliseconds, a container's whole start a few more), so a pod's
//   start waits for none; without a spare, Take makes one itself.
// - Release gives a network back once nothing of its pod runs. It rests
//   until kRestingNetworks more have been given back, then becomes a spare
//   again: a namespace costs a few milliseconds of CPU to make (more than
//   the rest of a container's start) and a veth pair ~17 ms of the kernel's
//   time to delete, so both are made once and reused. Nothing of a pod is
//   left in it for the next: its processes and so its sockets (abstract UNIX
//   ones included) have gone, and a container's root, in a user namespace
//   that does not own the network namespace, cannot change its interfaces,
//   addresses, routes or sysctls. A network with a socket or a TCP
//   TIME_WAIT entry still in it (its sockstat says) is not reused but
//   closed, as below. Resting first keeps an address from reappearing at
//   once for a check meant for the pod that had it.
// - Beyond kMaxSpareNetworks spares, a network given back is closed: the
//   kernel's namespace cleanup (a worker of its own, batched) deletes the
//   pair once the namespace is free, off every thread of the server; so do
//   the destructor's closes. An index is taken again only after the others
//   have been.
// - Take and Release are thread-safe; making a network switches only the
//   making thread's network namespace, and back. The destructor stops the
//   spares' thread and releases the spares.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "localstack/pod/pod_subnet.h"

namespace armada::localstack {

// Networks made ahead of the pods that take them, networks given back that
// rest before their reuse, and the most spares kept.
inline constexpr size_t kSpareNetworks = 4;
inline constexpr size_t kRestingNetworks = 8;
inline constexpr size_t kMaxSpareNetworks = 64;
// The host ends' names: this and the pod's index (at most 15 characters).
inline constexpr char kHostInterfacePrefix[] = "armpod";

// A pod's network, held from Make until Release.
struct PodNetwork {
  int netns_fd = -1;  // the namespace (close-on-exec), -1 for the host's
  uint32_t index = 0;
  std::string pod_ip, host_ip;
  std::string host_interface;
};

class PodNetworks {
 public:
  static StatusOr<std::unique_ptr<PodNetworks>> Create(const std::string& subnet);
  ~PodNetworks();
  PodNetworks(const PodNetworks&) = delete;
  PodNetworks& operator=(const PodNetworks&) = delete;

  StatusOr<PodNetwork> Take();
  void Release(PodNetwork& network);

  const std::string& subnet() const { return subnet_; }

 private:
  PodNetworks(std::string subnet, uint32_t base, uint32_t pairs, int host_ns)
      : subnet_(std::move(subnet)), base_(base), pairs_(pairs), host_ns_(host_ns) {}
  StatusOr<PodNetwork> Make();
  // Closes the namespace and frees the index.
  void Destroy(PodNetwork& network);
  // The spares' thread: makes networks while fewer than kSpareNetworks wait.
  void KeepSpares();
  // The next index to try, marked held; 0 when every index is held.
  uint32_t TakeIndex();
  void GiveBack(uint32_t index);

  const std::string subnet_;
  const uint32_t base_;   // the subnet's first address, host order
  const uint32_t pairs_;  // /31s in it; index 0 and the last are never used
  const int host_ns_;     // this process's network namespace
  std::mutex mu_;
  std::vector<bool> held_;  // by index, guarded by mu_
  uint32_t next_ = 1;       // guarded by mu_
  std::condition_variable spares_wanted_;
  std::deque<PodNetwork> spares_;   // guarded by mu_
  std::deque<PodNetwork> resting_;  // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  std::thread spare_maker_;
};

}  // namespace armada::localstack
