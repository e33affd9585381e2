#include "runner/job_table.h"

#include <functional>

namespace armada::runner {

JobTable::JobTable(const std::vector<std::string>& job_ids) {
  size_t chars = 0;
  for (const std::string& id : job_ids) chars += id.size();
  text_.reserve(chars);
  ends_.reserve(job_ids.size());
  size_t slots = 16;
  while (slots < 2 * job_ids.size()) slots *= 2;
  slots_.assign(slots, 0);
  for (const std::string& id : job_ids) Intern(id);
}

std::string_view JobTable::id(uint32_t i) const {
  const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(text_).substr(begin, ends_[i] - begin);
}

std::vector<std::string> JobTable::ids(uint32_t end) const {
  std::vector<std::string> all;
  all.reserve(end);
  for (uint32_t i = 0; i < end; ++i) all.emplace_back(id(i));
  return all;
}

size_t JobTable::SlotOf(std::string_view id, size_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t s = hash & mask;; s = (s + 1) & mask) {
    if (slots_[s] == 0 || this->id(slots_[s] - 1) == id) return s;
  }
}

uint32_t JobTable::Find(std::string_view id) const {
  if (slots_.empty()) return kNone;
  const uint32_t slot = slots_[SlotOf(id, std::hash<std::string_view>()(id))];
  return slot == 0 ? kNone : slot - 1;
}

uint32_t JobTable::Intern(std::string_view id) {
  if (2 * (ends_.size() + 1) > slots_.size()) Grow();
  const size_t s = SlotOf(id, std::hash<std::string_view>()(id));
  if (slots_[s] != 0) return slots_[s] - 1;
  const auto number = static_cast<uint32_t>(ends_.size());
  text_.append(id);
  ends_.push_back(static_cast<uint32_t>(text_.size()));
  slots_[s] = number + 1;
  return number;
}

void JobTable::Grow() {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : 2 * old.size(), 0);
  for (const uint32_t slot : old) {
    if (slot != 0) slots_[SlotOf(id(slot - 1), std::hash<std::string_view>()(id(slot - 1)))] = slot;
  }
}

}  // namespace armada::runner
