// The pod subnet: the IPv4 range pods' addresses come from (localstack.yaml's
// podSubnet; kubelet/pod_network.h hands them out). One reader, used by the
// settings' check and by the kubelet.
//
// Contract: ParsePodSubnet accepts "A.B.C.D/P" with P from 8 to 24 and no
// host bits set; anything else is an error saying what is wrong.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace armada::localstack {

// Not Docker's (172.17.0.0/16 and its pools in 172.16/12 and 192.168/16),
// kind's (10.244.0.0/16 pods, 10.96.0.0/12 services), k3s' (10.42/16,
// 10.43/16), Calico's (192.168/16), Flannel's (10.244/16) or podman's
// (10.88/16) defaults, nor a home router's usual 192.168.x.
inline constexpr char kDefaultPodSubnet[] = "10.199.0.0/16";

struct PodSubnet {
  uint32_t base = 0;  // the first address, host byte order
  int prefix = 0;
  uint32_t size() const { return uint32_t{1} << (32 - prefix); }
};

StatusOr<PodSubnet> ParsePodSubnet(const std::string& cidr);

// "A.B.C.D" of a host-order address.
std::string DottedQuad(uint32_t address);

}  // namespace armada::localstack
