// An append-only list of byte strings stored back to back in a few large
// blocks, for what is kept long and read rarely (an event log's wire bytes).
// One heap allocation per std::string costs its 32-byte object and the
// allocator's rounding, and long-lived small allocations among short-lived
// ones leave the heap in holes the allocator cannot return; blocks avoid both.
//
// Contract: an entry never spans two blocks. Blocks grow from kFirstBlock to
// kMaxBlock bytes, each twice the last, so a short list wastes at most about
// its own size and a long one at most kMaxBlock; an entry larger than the
// block it would start gets a block of its own size. An entry is under 4 GiB
// (events are bounded by gRPC's message size). Views stay valid until the
// list is destroyed (blocks never move). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace armada::localstack {

class PackedStrings {
 public:
  static constexpr size_t kFirstBlock = 512;
  static constexpr size_t kMaxBlock = 16 * 1024;

  void Append(std::string_view bytes);
  // REQUIRES: i < size().
  std::string_view operator[](size_t i) const;
  size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }
  // The bytes its blocks hold, used or not (for tests of the waste).
  size_t capacity() const;

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
    size_t used = 0;
  };
  struct Span {
    uint32_t block;
    uint32_t offset;
    uint32_t size;
  };
  std::vector<Block> blocks_;
  std::vector<Span> spans_;
};

}  // namespace armada::localstack
