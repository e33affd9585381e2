#include "runner/delivered_ids.h"

#include <cctype>

namespace armada::runner {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The digit run starting at pos, without its leading zeros; pos moves past
// it and its separator.
std::string_view NextRun(std::string_view id, size_t& pos) {
  size_t end = pos;
  while (end < id.size() && IsDigit(id[end])) ++end;
  size_t begin = pos;
  while (begin + 1 < end && id[begin] == '0') ++begin;
  pos = end + 1;
  return id.substr(begin, end - begin);
}

}  // namespace

bool IsOrderedId(std::string_view id) {
  bool digit_before = false;
  for (const char c : id) {
    if (IsDigit(c)) {
      digit_before = true;
    } else if ((c == '-' || c == ':' || c == '.') && digit_before) {
      digit_before = false;
    } else {
      return false;
    }
  }
  return digit_before;
}

int CompareOrderedIds(std::string_view a, std::string_view b) {
  size_t pa = 0, pb = 0;
  while (pa < a.size() && pb < b.size()) {
    const std::string_view ra = NextRun(a, pa), rb = NextRun(b, pb);
    if (ra.size() != rb.size()) return ra.size() < rb.size() ? -1 : 1;
    if (const int c = ra.compare(rb); c != 0) return c;
  }
  if (pa < a.size()) return 1;
  if (pb < b.size()) return -1;
  return 0;
}

bool DeliveredIds::Add(std::string_view id) {
  if (!IsOrderedId(id)) return others_.emplace(id).second;
  if (!greatest_ordered_.empty() && CompareOrderedIds(id, greatest_ordered_) <= 0) return false;
  greatest_ordered_.assign(id);
  return true;
}

}  // namespace armada::runner
