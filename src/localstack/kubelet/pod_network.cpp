#include "localstack/kubelet/pod_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/read_file.h"
#include "localstack/kubelet/kernel_file.h"

namespace armada::localstack {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string Netlink(const std::string& what, int error) { return what + ": " + nl_geterror(error); }

// libnl objects, freed on every path.
struct Socket {
  nl_sock* sock = nl_socket_alloc();
  ~Socket() { nl_socket_free(sock); }
};
struct Addr {
  nl_addr* addr = nullptr;
  ~Addr() { nl_addr_put(addr); }
};

StatusOr<std::unique_ptr<Socket>> Connect(const std::string& where) {
  auto s = std::make_unique<Socket>();
  if (s->sock == nullptr) return Status::Error("no netlink socket for " + where);
  if (int err = nl_connect(s->sock, NETLINK_ROUTE); err < 0) {
    return Status::Error(Netlink("connecting to netlink in " + where, err));
  }
  return s;
}

// Writes a sysctl of this thread's network namespace.
bool WriteSysctl(const std::string& name, const std::string& value) {
  return WriteKernelFile("/proc/sys/net/" + name, value);
}

Status SetUp(nl_sock* sock, int ifindex, const std::string& what) {
  rtnl_link* orig = rtnl_link_alloc();
  rtnl_link* change = rtnl_link_alloc();
  rtnl_link_set_ifindex(orig, ifindex);
  rtnl_link_set_flags(change, IFF_UP);
  const int err = rtnl_link_change(sock, orig, change, 0);
  rtnl_link_put(orig);
  rtnl_link_put(change);
  if (err < 0) return Status::Error(Netlink("setting " + what + " up", err));
  return Status();
}

// ADDRESS/31 on the interface `ifindex`.
Status AddAddress(nl_sock* sock, int ifindex, uint32_t address, const std::string& where) {
  Addr local;
  if (int err = nl_addr_parse((DottedQuad(address) + "/31").c_str(), AF_INET, &local.addr);
      err < 0) {
    return Status::Error(Netlink("parsing " + DottedQuad(address), err));
  }
  rtnl_addr* addr = rtnl_addr_alloc();
  rtnl_addr_set_ifindex(addr, ifindex);
  rtnl_addr_set_local(addr, local.addr);
  const int err = rtnl_addr_add(sock, addr, 0);
  rtnl_addr_put(addr);
  if (err < 0) return Status::Error(Netlink("adding " + DottedQuad(address) + " " + where, err));
  return Status();
}

// A route of the main table: `dst` (a CIDR) unreachable, or via `gateway`.
Status AddRoute(nl_sock* sock, const std::string& dst, uint8_t type, const std::string& gateway,
                int ifindex, int flags) {
  Addr destination, via;
  if (int err = nl_addr_parse(dst.c_str(), AF_INET, &destination.addr); err < 0) {
    return Status::Error(Netlink("parsing " + dst, err));
  }
  rtnl_route* route = rtnl_route_alloc();
  rtnl_route_set_family(route, AF_INET);
  rtnl_route_set_table(route, RT_TABLE_MAIN);
  rtnl_route_set_type(route, type);
  rtnl_route_set_dst(route, destination.addr);
  if (!gateway.empty()) {
    if (int err = nl_addr_parse(gateway.c_str(), AF_INET, &via.addr); err < 0) {
      rtnl_route_put(route);
      return Status::Error(Netlink("parsing " + gateway, err));
    }
    rtnl_nexthop* hop = rtnl_route_nh_alloc();
    rtnl_route_nh_set_gateway(hop, via.addr);
    rtnl_route_nh_set_ifindex(hop, ifindex);
    rtnl_route_add_nexthop(route, hop);
  }
  const int err = rtnl_route_add(sock, route, flags);
  rtnl_route_put(route);
  if (err < 0 && !(err == -NLE_EXIST && !(flags & NLM_F_EXCL))) {
    return Status::Error(Netlink("adding the route to " + dst, err));
  }
  return Status();
}

// The veth pair: eth0 here (this thread's namespace), `host_name` in
// `host_ns`, both down (up at creation, the kernel refuses it: ENOTCONN). -NLE_EXIST when the host
// already has that name.
int AddVeth(nl_sock* sock, const std::string& host_name, int host_ns) {
  rtnl_link* veth = rtnl_link_veth_alloc();
  if (veth == nullptr) return -NLE_NOMEM;
  rtnl_link_set_name(veth, "eth0");
  rtnl_link* peer = rtnl_link_veth_get_peer(veth);
  rtnl_link_set_name(peer, host_name.c_str());
  rtnl_link_set_ns_fd(peer, host_ns);
  rtnl_link_put(peer);
  const int err = rtnl_link_add(sock, veth, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_veth_release(veth);
  return err;
}

// Returns this thread to the host's network namespace, whatever happened in
// the pod's: a server thread left in a pod's namespace would serve it.
struct BackToHost {
  int host_ns;
  ~BackToHost() {
    if (::setns(host_ns, CLONE_NEWNET) != 0) {
      spdlog::critical("{}", Errno("returning to the host's network namespace"));
      std::abort();
    }
  }
};

// Whether no TCP, UDP or raw socket, and no TCP TIME_WAIT entry, is left in
// the namespace `netns_fd`, per its sockstat (read on this thread, which
// visits the namespace and comes back).
bool NoSocketLeft(int netns_fd, int host_ns) {
  if (::setns(netns_fd, CLONE_NEWNET) != 0) return false;
  std::string stat;
  {
    BackToHost back{host_ns};
    auto read = ReadFileToString("/proc/thread-self/net/sockstat", 64 * 1024);
    if (!read.ok()) return false;
    stat = std::move(read).value();
  }
  // "TCP: inuse N orphan N tw N ...", "UDP: inuse N ...", "RAW: inuse N".
  for (const char* field : {"TCP: inuse ", " tw ", "UDP: inuse ", "RAW: inuse "}) {
    const size_t at = stat.find(field);
    if (at == std::string::npos || std::atol(stat.c_str() + at + std::strlen(field)) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

StatusOr<std::unique_ptr<PodNetworks>> PodNetworks::Create(const std::string& subnet) {
  auto parsed = ParsePodSubnet(subnet);
  if (!parsed.ok()) return Status::InvalidArgument("pod subnet " + parsed.status().message());
  const int host_ns = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host_ns < 0) return Status::Error(Errno("opening the host's network namespace"));
  std::unique_ptr<PodNetworks> networks(
      new PodNetworks(subnet, parsed->base, parsed->size() / 2, host_ns));
  networks->held_.assign(networks->pairs_, false);
  auto sock = Connect("the host's network namespace");
  if (!sock.ok()) return sock.status();
  if (Status routed = AddRoute((*sock)->sock, subnet, RTN_UNREACHABLE, "", 0, NLM_F_CREATE);
      !routed.ok()) {
    return routed;
  }
  auto probe = networks->Make();
  if (!probe.ok()) return probe.status();
  networks->spares_.push_back(std::move(probe).value());
  networks->spare_maker_ = std::thread([raw = networks.get()] { raw->KeepSpares(); });
  return networks;
}

PodNetworks::~PodNetworks() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  spares_wanted_.notify_all();
  if (spare_maker_.joinable()) spare_maker_.join();
  for (PodNetwork& spare : spares_) Destroy(spare);
  for (PodNetwork& resting : resting_) Destroy(resting);
  ::close(host_ns_);
}

void PodNetworks::KeepSpares() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    spares_wanted_.wait(lock, [this] { return stopping_ || spares_.size() < kSpareNetworks; });
    if (stopping_) return;
    lock.unlock();
    auto made = Make();
    lock.lock();
    if (!made.ok()) {
      // Take makes its own and reports why; trying again at once would spin.
      spdlog::debug("pod network spare: {}", made.status().message());
      spares_wanted_.wait(lock);
      continue;
    }
    spares_.push_back(std::move(made).value());
  }
}

StatusOr<PodNetwork> PodNetworks::Take() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!spares_.empty()) {
      PodNetwork spare = std::move(spares_.front());
      spares_.pop_front();
      spares_wanted_.notify_all();
      return spare;
    }
  }
  spares_wanted_.notify_all();
  return Make();
}

uint32_t PodNetworks::TakeIndex() {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t tried = 0; tried < pairs_; ++tried) {
    const uint32_t index = next_;
    next_ = next_ + 1 >= pairs_ - 1 ? 1 : next_ + 1;
    if (!held_[index]) {
      held_[index] = true;
      return index;
    }
  }
  return 0;
}

void PodNetworks::GiveBack(uint32_t index) {
  std::lock_guard<std::mutex> lock(mu_);
  held_[index] = false;
}

StatusOr<PodNetwork> PodNetworks::Make() {
  PodNetwork network;
  // Made on this thread, which leaves it again below (BackToHost).
  if (::unshare(CLONE_NEWNET) != 0) return Status::Error(Errno("unshare(CLONE_NEWNET)"));
  {
    BackToHost back{host_ns_};
    network.netns_fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (network.netns_fd < 0) return Status::Error(Errno("opening the pod's network namespace"));
    // Before eth0 exists, so that it has no IPv6 (its link-local address
    // would cost a duplicate address detection per pod).
    WriteSysctl("ipv6/conf/default/disable_ipv6", "1");
    if (!WriteSysctl("ipv4/ip_unprivileged_port_start", "0")) {
      spdlog::debug("{}", Errno("pod network: ip_unprivileged_port_start"));
    }
    auto sock = Connect("the pod's network namespace");
    if (!sock.ok()) {
      Destroy(network);
      return sock.status();
    }
    nl_sock* pod = (*sock)->sock;
    Status made = SetUp(pod, 1, "the loopback");  // the first interface
    for (int err = -NLE_EXIST; made.ok() && err == -NLE_EXIST;) {
      network.index = TakeIndex();
      if (network.index == 0) {
        made = Status::Error(StatusCode::kResourceExhausted,
                             "every address of the pod subnet " + subnet_ + " is in use");
        break;
      }
      network.host_interface = kHostInterfacePrefix + std::to_string(network.index);
      err = AddVeth(pod, network.host_interface, host_ns_);
      if (err == -NLE_EXIST) {
        // Another server's: this index is not ours to give back.
        continue;
      }
      if (err < 0) {
        GiveBack(network.index);
        network.index = 0;
        made = Status::Error(Netlink("creating the veth pair " + network.host_interface, err));
      }
    }
    if (made.ok()) {
      const uint32_t host = base_ + 2 * network.index;
      network.host_ip = DottedQuad(host);
      network.pod_ip = DottedQuad(host + 1);
      const int eth0 = static_cast<int>(::if_nametoindex("eth0"));
      made = AddAddress(pod, eth0, host + 1, "in the pod");
      if (made.ok()) made = SetUp(pod, eth0, "eth0");
      if (made.ok()) {
        made = AddRoute(pod, "0.0.0.0/0", RTN_UNICAST, network.host_ip, eth0,
                        NLM_F_CREATE | NLM_F_EXCL);
      }
    }
    if (!made.ok()) {
      Destroy(network);
      return made;
    }
  }
  auto sock = Connect("the host's network namespace");
  Status made = sock.status();
  if (made.ok()) {
    const int host_end = static_cast<int>(::if_nametoindex(network.host_interface.c_str()));
    made = host_end == 0 ? Status::Error(Errno("finding " + network.host_interface))
                         : AddAddress((*sock)->sock, host_end, base_ + 2 * network.index,
                                      "on " + network.host_interface);
    if (made.ok()) made = SetUp((*sock)->sock, host_end, network.host_interface);
  }
  if (!made.ok()) {
    Destroy(network);
    return made;
  }
  return network;
}

void PodNetworks::Destroy(PodNetwork& network) {
  if (network.netns_fd >= 0) ::close(network.netns_fd);
  network.netns_fd = -1;
  if (network.index != 0) GiveBack(network.index);
  network.index = 0;
  // An index freed may be what a failed spare was missing.
  spares_wanted_.notify_all();
}

void PodNetworks::Release(PodNetwork& network) {
  if (network.netns_fd < 0) return;
  if (!NoSocketLeft(network.netns_fd, host_ns_)) {
    Destroy(network);
    return;
  }
  std::vector<PodNetwork> surplus;
  {
    std::lock_guard<std::mutex> lock(mu_);
    resting_.push_back(std::move(network));
    network = PodNetwork();
    if (resting_.size() > kRestingNetworks) {
      spares_.push_back(std::move(resting_.front()));
      resting_.pop_front();
    }
    while (spares_.size() > kMaxSpareNetworks) {
      surplus.push_back(std::move(spares_.front()));
      spares_.pop_front();
    }
  }
  for (PodNetwork& gone : surplus) Destroy(gone);
}

}  // namespace armada::localstack
