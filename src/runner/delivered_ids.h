// Which message ids of one event stream were delivered already, so that a
// server that resends after a resume cannot make the watcher deliver an
// event twice (event_watcher.h) -- without keeping every id of a
// 100 000-job test (half a million messages).
//
// Contract: Add(id) is true for an id not added before and false for a
// repeat. Ids of the ordered form -- runs of decimal digits joined by '-',
// ':' or '.', such as armada-localstack's "17" and Armada's Redis stream
// ids "1700000000000-0" or "1700000000000-0:3" -- grow along a stream, so
// for them only the greatest is kept: one that is not greater than it
// (compared run by run, as numbers) is a repeat. Ids of any other form are
// kept one by one. Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace armada::runner {

class DeliveredIds {
 public:
  // REQUIRES: !id.empty() (an empty id cannot be told from another).
  bool Add(std::string_view id);

 private:
  std::string greatest_ordered_;  // "" until an ordered id arrived
  std::unordered_set<std::string> others_;
};

// Whether id has the ordered form above.
bool IsOrderedId(std::string_view id);
// Compares two ordered ids run by run as numbers (a prefix is less):
// negative, zero or positive. REQUIRES: IsOrderedId(a) && IsOrderedId(b).
int CompareOrderedIds(std::string_view a, std::string_view b);

}  // namespace armada::runner
