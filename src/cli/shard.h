// `test --shard I/N` (and `list --shard`): the part I of N of the selected
// tests, so that N machines of a CI matrix each run one part and
// `report merge` joins their reports.
//
// Contract:
// - ParseShard reads "I/N" with 1 <= I <= N; anything else is an error
//   naming --shard and the form.
// - ShardCases splits by name only: the units (a test; or all node cases
//   naming one nodePoolTag, which must take turns on their node pool, as
//   one unit) are sorted by name (a node unit by "nodePoolTag:TAG") and each
//   goes to the shard holding the fewest tests so far, the lowest numbered
//   on a tie. So the split depends only on the selected tests' names and
//   node pools: the same on every machine given the same files and flags,
//   the N parts together are the selection, each test in exactly one, and
//   their sizes differ by at most the largest node unit. The cases keep
//   their order.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "runner/suite.h"

namespace armada::cli {

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
};

StatusOr<Shard> ParseShard(const std::string& text);

std::vector<runner::SuiteCase> ShardCases(std::vector<runner::SuiteCase> cases, Shard shard);

}  // namespace armada::cli
