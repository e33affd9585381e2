#include "localstack/pod/job_spec.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/quantity.h"

// pod_spec is deprecated in favour of pod_specs, but clients still send it and
// Armada still accepts it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace armada::localstack {
namespace {

using QuantityMap =
    google::protobuf::Map<std::string, k8s::io::apimachinery::pkg::api::resource::Quantity>;

std::optional<Quantity> Lookup(const QuantityMap& map, const std::string& name) {
  const auto it = map.find(name);
  if (it == map.end()) return std::nullopt;
  auto q = Quantity::Parse(it->second.string());
  if (!q.ok()) return std::nullopt;
  return *q;
}

Status ValidateQuantities(const QuantityMap& map, const std::string& field) {
  for (const auto& [name, quantity] : map) {
    const std::string where = field + "[" + name + "]";
    auto q = Quantity::Parse(quantity.string());
    if (!q.ok()) return Status::Error(where + ": invalid quantity \"" + quantity.string() + "\"");
    if (q->Amount() < 0) {
      return Status::Error(where + ": negative quantity \"" + quantity.string() + "\"");
    }
  }
  return Status();
}

constexpr size_t kMaxLabel = 63;

// `name` in `field` as Kubernetes checks a container's or a volume's name.
Status CheckDnsLabel(const std::string& name, const std::string& field, const std::string& what) {
  if (name.empty()) {
    return Status::Error(field + ": empty (Kubernetes requires every " + what + " to have one)");
  }
  if (IsDnsLabel(name)) return Status();
  // A long name is not quoted: an error travels in a gRPC header, which a
  // megabyte would overflow.
  const std::string quoted = name.size() <= 2 * kMaxLabel
                                 ? "\"" + name + "\""
                                 : "a name of " + std::to_string(name.size()) + " bytes";
  return Status::Error(field + ": " + quoted + " is not a valid " + what +
                       " name (lower-case letters, digits and '-', at most 63, starting and "
                       "ending with a letter or digit)");
}

// Armada's resource rules (validateResources,
// internal/server/submit/validation/submit_request.go@v0.22.7, the same at
// v0.20.40) at its default maxOversubscriptionByResourceRequest of 1.0: a
// container names some resources, the same ones in requests and limits, each
// with equal values. Armada's words, after the field.
Status ValidateResources(const ContainerSpec& c, const std::string& field) {
  const auto& limits = c.resources().limits();
  const auto& requests = c.resources().requests();
  const std::string where = field + ".resources: container " + c.name();
  if (requests.empty() && limits.empty()) {
    return Status::Error(where + " has no resources specified");
  }
  if (requests.size() != limits.size()) {
    return Status::Error(where + " defines different resources for requests and limits");
  }
  for (const auto& [name, quantity] : requests) {
    const auto limit = Lookup(limits, name);
    if (!limit) return Status::Error(where + " defines " + name + " for requests but not limits");
    const int64_t request = Quantity::Parse(quantity.string())->MilliValue();
    if (limit->MilliValue() < request) {
      return Status::Error(where + " defines " + name + " with limits smaller than requests");
    }
    if (limit->MilliValue() > request) {
      return Status::Error(where + " defines " + name + " with limits great than 1.00*requests");
    }
  }
  return Status();
}

Status ValidateContainer(const ContainerSpec& c, const std::string& field) {
  if (Status s = CheckDnsLabel(c.name(), field + ".name", "container"); !s.ok()) return s;
  const auto& limits = c.resources().limits();
  const auto& requests = c.resources().requests();
  if (Status s = ValidateQuantities(limits, field + ".resources.limits"); !s.ok()) return s;
  if (Status s = ValidateQuantities(requests, field + ".resources.requests"); !s.ok()) return s;
  return ValidateResources(c, field);
}

Resources RequestOf(const ContainerSpec& c) {
  Resources r;
  if (auto cpu = Lookup(c.resources().requests(), "cpu")) r.milli_cpu = cpu->MilliValue();
  if (auto memory = Lookup(c.resources().requests(), "memory")) r.memory_bytes = memory->Value();
  return r;
}

// Volume names, checked as Kubernetes checks them: each becomes the name of
// the volume's directory on the host.
Status ValidateVolumes(const PodSpec& pod, const std::string& pod_field) {
  std::set<std::string> names;
  for (int i = 0; i < pod.volumes_size(); ++i) {
    const std::string where = pod_field + ".volumes[" + std::to_string(i) + "].name";
    const std::string& name = pod.volumes(i).name();
    if (Status s = CheckDnsLabel(name, where, "volume"); !s.ok()) return s;
    if (!names.insert(name).second) {
      return Status::Error(where + ": duplicate volume name \"" + name + "\"");
    }
  }
  return Status();
}

}  // namespace

bool IsDnsLabel(const std::string& name) {
  auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (name.empty() || name.size() > kMaxLabel || !alnum(name.front()) || !alnum(name.back()))
    return false;
  return std::all_of(name.begin(), name.end(), [&](char ch) { return alnum(ch) || ch == '-'; });
}

Status ValidateSubmitItem(const api::JobSubmitRequestItem& item, const std::string& field) {
  // Armada's first check of an item (validateHasNamespace, submit_request.go@v0.22.7).
  if (item.namespace_().empty()) {
    return Status::Error(field + ".namespace: namespace is a required field");
  }
  // Then validateHasPodSpec's, in its order and words.
  std::string pod_field;
  if (item.pod_specs_size() == 0 && !item.has_pod_spec()) {
    return Status::Error(field + ".pod_specs: Job must contain at least one PodSpec");
  }
  if (item.pod_specs_size() > 0 && item.has_pod_spec()) {
    return Status::Error(field +
                         ".pod_spec: PodSpec must be nil if PodSpecs is provided (i.e., these are "
                         "exclusive)");
  }
  if (item.pod_specs_size() > 1) {
    return Status::Error(field + ".pod_specs: Jobs with multiple pods are not supported");
  }
  pod_field = field + (item.pod_specs_size() == 1 ? ".pod_specs[0]" : ".pod_spec");
  const PodSpec& pod = PodSpecOf(item);
  if (pod.containers().empty()) return Status::Error(pod_field + ".containers: no containers");
  if (Status s = ValidateVolumes(pod, pod_field); !s.ok()) return s;
  std::set<std::string> names;
  auto check = [&](const auto& containers, const char* list, bool is_init) -> Status {
    for (int i = 0; i < containers.size(); ++i) {
      const std::string where = pod_field + "." + list + "[" + std::to_string(i) + "]";
      if (Status s = ValidateContainer(containers[i], where); !s.ok()) return s;
      if (!names.insert(ContainerName(containers[i], i, is_init)).second) {
        return Status::Error(where + ".name: duplicate container name \"" +
                             ContainerName(containers[i], i, is_init) + "\"");
      }
    }
    return Status();
  };
  if (Status s = check(pod.initcontainers(), "initContainers", true); !s.ok()) return s;
  return check(pod.containers(), "containers", false);
}

void ForEachContainer(const PodSpec& pod,
                      const std::function<void(const ContainerSpec&, const std::string&)>& visit) {
  for (int i = 0; i < pod.initcontainers_size(); ++i) {
    visit(pod.initcontainers(i), "initContainers[" + std::to_string(i) + "]");
  }
  for (int i = 0; i < pod.containers_size(); ++i) {
    visit(pod.containers(i), "containers[" + std::to_string(i) + "]");
  }
}

Resources PodRequest(const PodSpec& pod) {
  Resources sum;
  for (const auto& c : pod.containers()) {
    const Resources r = RequestOf(c);
    sum.milli_cpu = SaturatingAdd(sum.milli_cpu, r.milli_cpu);
    sum.memory_bytes = SaturatingAdd(sum.memory_bytes, r.memory_bytes);
  }
  for (const auto& c : pod.initcontainers()) {
    const Resources r = RequestOf(c);
    sum.milli_cpu = std::max(sum.milli_cpu, r.milli_cpu);
    sum.memory_bytes = std::max(sum.memory_bytes, r.memory_bytes);
  }
  return sum;
}

std::vector<std::string> ExtendedResources(const PodSpec& pod) {
  std::set<std::string> names;
  auto add = [&](const ContainerSpec& c) {
    for (const auto& [name, quantity] : c.resources().requests()) {
      if (name == "cpu" || name == "memory" || name == "ephemeral-storage") continue;
      auto q = Quantity::Parse(quantity.string());
      if (q.ok() && q->Amount() > 0) names.insert(name);
    }
  };
  for (const auto& c : pod.containers()) add(c);
  for (const auto& c : pod.initcontainers()) add(c);
  return {names.begin(), names.end()};
}

namespace {

// A sum of quantities as text: one quantity keeps its own text (Armada shows
// "1Gi", not bytes); a sum of several is written in millis or units.
struct Total {
  std::string text;
  int64_t milli = 0;
  int count = 0;
};

void Sum(const QuantityMap& from, std::map<std::string, Total>* to) {
  for (const auto& [name, quantity] : from) {
    auto q = Quantity::Parse(quantity.string());
    if (!q.ok()) continue;
    Total& t = (*to)[name];
    t.text = quantity.string();
    t.milli = SaturatingAdd(t.milli, q->MilliValue());
    ++t.count;
  }
}

void Max(const QuantityMap& from, std::map<std::string, Total>* to) {
  for (const auto& [name, quantity] : from) {
    auto q = Quantity::Parse(quantity.string());
    if (!q.ok()) continue;
    Total& t = (*to)[name];
    if (t.count > 0 && q->MilliValue() <= t.milli) continue;
    t = {quantity.string(), q->MilliValue(), 1};
  }
}

void Write(const std::map<std::string, Total>& totals, QuantityMap* to) {
  for (const auto& [name, t] : totals) {
    std::string text = t.text;
    if (t.count > 1) {
      text = t.milli % 1000 == 0 ? std::to_string(t.milli / 1000) : std::to_string(t.milli) + "m";
    }
    (*to)[name].set_string(text);
  }
}

}  // namespace

k8s::io::api::core::v1::ResourceRequirements SchedulingRequirements(const PodSpec& pod) {
  std::map<std::string, Total> requests, limits;
  for (const auto& c : pod.containers()) {
    Sum(c.resources().requests(), &requests);
    Sum(c.resources().limits(), &limits);
  }
  for (const auto& c : pod.initcontainers()) {
    Max(c.resources().requests(), &requests);
    Max(c.resources().limits(), &limits);
  }
  k8s::io::api::core::v1::ResourceRequirements out;
  Write(requests, out.mutable_requests());
  Write(limits, out.mutable_limits());
  return out;
}

ContainerLimits LimitsOf(const ContainerSpec& container) {
  ContainerLimits limits;
  if (auto memory = Lookup(container.resources().limits(), "memory")) {
    limits.memory_bytes = memory->Value();
  }
  if (auto cpu = Lookup(container.resources().limits(), "cpu"))
    limits.milli_cpu = cpu->MilliValue();
  return limits;
}

std::optional<int64_t> PodMemoryLimit(const PodSpec& pod) {
  int64_t sum = 0;
  for (const auto& c : pod.containers()) {
    const auto limit = LimitsOf(c).memory_bytes;
    if (!limit) return std::nullopt;
    sum = SaturatingAdd(sum, *limit);
  }
  for (const auto& c : pod.initcontainers()) {
    const auto limit = LimitsOf(c).memory_bytes;
    if (!limit) return std::nullopt;
    sum = std::max(sum, *limit);
  }
  return sum;
}

std::string ContainerName(const ContainerSpec& container, int index, bool is_init) {
  if (!container.name().empty()) return container.name();
  return (is_init ? "init-" : "container-") + std::to_string(index);
}

}  // namespace armada::localstack
