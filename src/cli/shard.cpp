#include "cli/shard.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace armada::cli {
namespace {

std::optional<int> Number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// The unit a case is placed with: node cases of one pool together.
std::string UnitOf(const runner::SuiteCase& test) {
  const std::string& tag = runner::NodePoolTag(test.spec);
  if (!tag.empty()) return "nodePoolTag:" + tag;
  return test.spec.name();
}

}  // namespace

StatusOr<Shard> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  const auto index = Number(std::string_view(text).substr(0, slash));
  const auto count =
      slash == std::string::npos ? std::nullopt : Number(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count < 1 || *index < 1 || *index > *count) {
    return Status::Error("--shard " + text +
                         ": expected I/N with 1 <= I <= N, e.g. --shard 1/2 (part 1 of 2)");
  }
  return Shard{*index, *count};
}

std::vector<runner::SuiteCase> ShardCases(std::vector<runner::SuiteCase> cases, Shard shard) {
  std::map<std::string, size_t> unit_size;  // sorted by name
  for (const runner::SuiteCase& test : cases) ++unit_size[UnitOf(test)];
  std::vector<size_t> shard_size(static_cast<size_t>(shard.count), 0);
  std::map<std::string, int> shard_of;
  for (const auto& [unit, size] : unit_size) {
    const auto smallest = std::min_element(shard_size.begin(), shard_size.end());
    *smallest += size;
    shard_of[unit] = static_cast<int>(smallest - shard_size.begin()) + 1;
  }
  std::vector<runner::SuiteCase> mine;
  for (runner::SuiteCase& test : cases) {
    if (shard_of[UnitOf(test)] == shard.index) mine.push_back(std::move(test));
  }
  return mine;
}

}  // namespace armada::cli
