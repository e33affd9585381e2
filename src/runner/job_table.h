// The job ids of one test, each kept once, numbered densely (0, 1, 2, ...)
// so that the units tracking every job (assertions, progress, timelines)
// keep a small record per number in a vector instead of a string-keyed map:
// a load test tracks 100 000 jobs (bench/, bytes_per_job).
//
// Contract: the ids given to the constructor get the numbers 0..n-1 in
// their order (a repeated id keeps its first number); Intern appends an id
// not seen yet. Numbers and the text of id(i) stay valid while the table
// lives (id(i) is a view: do not keep it across an Intern). Memory: the
// ids' characters, 4 bytes of offset and about 8 bytes of hash slots per id.
// Not thread-safe; copying is deleted (the units keep references to it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace armada::runner {

class JobTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  JobTable() = default;
  explicit JobTable(const std::vector<std::string>& job_ids);
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;

  // The number of id; kNone when it is not in the table.
  uint32_t Find(std::string_view id) const;
  // The number of id, adding it when it is new.
  uint32_t Intern(std::string_view id);

  // REQUIRES: i < size().
  std::string_view id(uint32_t i) const;
  // The ids numbered [0, end), in order: for requests that name jobs.
  // REQUIRES: end <= size().
  std::vector<std::string> ids(uint32_t end) const;
  size_t size() const { return ends_.size(); }

 private:
  // The slot where id is, or the empty slot where it would go.
  size_t SlotOf(std::string_view id, size_t hash) const;
  void Grow();

  std::string text_;            // the ids back to back
  std::vector<uint32_t> ends_;  // where id i ends in text_
  // Open addressing, linear probing, at most half full: number + 1, 0 empty.
  std::vector<uint32_t> slots_;
};

}  // namespace armada::runner
