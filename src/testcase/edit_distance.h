// Near-miss detection for names a user typed: the basis of "did you mean"
// hints when a test case has an unknown key or value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace armada::testcase {

// The Levenshtein distance between a and b: the fewest single-character
// insertions, deletions and substitutions that turn one into the other.
// Comparison is byte-wise and case-sensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to name, if one is close enough to be a plausible
// typo: case is ignored, and the distance may be at most a third of name's
// length (but at least 1, at most 3). Ties go to the earliest candidate, so
// callers list preferred spellings first. An exact match is not a suggestion.
std::optional<std::string> ClosestName(std::string_view name,
                                       const std::vector<std::string>& candidates);

}  // namespace armada::testcase
