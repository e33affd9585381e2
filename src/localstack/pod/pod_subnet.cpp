#include "localstack/pod/pod_subnet.h"

#include <arpa/inet.h>

namespace armada::localstack {

StatusOr<PodSubnet> ParsePodSubnet(const std::string& cidr) {
  const size_t slash = cidr.find('/');
  const std::string digits = slash == std::string::npos ? "" : cidr.substr(slash + 1);
  in_addr address{};
  PodSubnet subnet;
  if (!digits.empty() && digits.size() <= 2 &&
      digits.find_first_not_of("0123456789") == std::string::npos) {
    subnet.prefix = std::stoi(digits);
  }
  if (subnet.prefix < 8 || subnet.prefix > 24 ||
      ::inet_pton(AF_INET, cidr.substr(0, slash).c_str(), &address) != 1) {
    return Status::InvalidArgument(
        "\"" + cidr + "\" is not an IPv4 CIDR with a prefix of 8 to 24 bits, such as " +
        kDefaultPodSubnet);
  }
  const uint32_t mask = ~0U << (32 - subnet.prefix);
  subnet.base = ntohl(address.s_addr);
  if ((subnet.base & ~mask) != 0) {
    return Status::InvalidArgument("\"" + cidr + "\" has host bits set (" +
                                   DottedQuad(subnet.base & mask) + "/" + digits + "?)");
  }
  return subnet;
}

std::string DottedQuad(uint32_t address) {
  in_addr in{htonl(address)};
  char text[INET_ADDRSTRLEN];
  return ::inet_ntop(AF_INET, &in, text, sizeof(text));
}

}  // namespace armada::localstack
