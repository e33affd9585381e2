#include "localstack/kubelet/capabilities.h"

#include <sys/capability.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

namespace armada::localstack {
namespace {

constexpr const char* kDefaults[] = {"CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
                                     "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
                                     "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
                                     "KILL",    "AUDIT_WRITE"};

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// The capability `name` (without its "CAP_") names, or -1.
int Number(const std::string& name) {
  cap_value_t cap = 0;
  if (cap_from_name(("CAP_" + Upper(name)).c_str(), &cap) != 0 ||
      cap >= static_cast<cap_value_t>(cap_max_bits())) {
    return -1;
  }
  return cap;
}

bool NamesAll(const google::protobuf::RepeatedPtrField<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [](const std::string& name) { return Upper(name) == "ALL"; });
}

}  // namespace

std::vector<int> KeptCapabilities(const ContainerSpec& container) {
  std::set<int> caps;
  for (const char* name : kDefaults) caps.insert(Number(name));
  const auto& asked = container.securitycontext().capabilities();
  if (NamesAll(asked.add())) {
    for (int cap = 0; cap < static_cast<int>(cap_max_bits()); ++cap) caps.insert(cap);
  }
  if (NamesAll(asked.drop())) caps.clear();
  for (const std::string& name : asked.add()) caps.insert(Number(name));
  for (const std::string& name : asked.drop()) caps.erase(Number(name));
  caps.erase(-1);
  return std::vector<int>(caps.begin(), caps.end());
}

}  // namespace armada::localstack
