// An append-only list of byte strings stored back to back in a few blocks,
// each block but the last compressed, for what is kept long and read rarely
// and in order (an event log's wire bytes: a job set's events repeat their
// ids and specs, so a block compresses about 8 times).
// One heap allocation per std::string costs its 32-byte object and the
// allocator's rounding, and long-lived small allocations among short-lived
// ones leave the heap in holes the allocator cannot return; blocks avoid both.
//
// Contract: an entry never spans two blocks. Blocks grow from kFirstBlock to
// kMaxBlock bytes, each twice the last; an entry larger than the block it
// would start gets a block of its own size. A block is compressed (zlib, its
// fastest level) once the next one starts, so the open block is at most
// kMaxBlock bytes and the rest are compressed. An entry is under 4 GiB
// (events are bounded by gRPC's message size). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace armada::localstack {

class PackedStrings {
 public:
  static constexpr size_t kFirstBlock = 512;
  static constexpr size_t kMaxBlock = 16 * 1024;

  void Append(std::string_view bytes);
  size_t size() const { return spans_.size(); }
  // Calls `visit` with entries first..last-1 in order; a view is valid only
  // during its call. An error (and no more calls) when a block does not
  // decompress, which only a corrupted memory could cause.
  // REQUIRES: first <= last <= size().
  Status Visit(size_t first, size_t last, const std::function<void(std::string_view)>& visit) const;
  // The bytes its blocks hold (for tests of the footprint).
  size_t capacity() const;

 private:
  struct Block {
    // The entries' bytes: compressed once sealed, else as appended with
    // room reserved for the block's size.
    std::string bytes;
    uint32_t size = 0;
    bool sealed = false;
  };
  struct Span {
    uint32_t block;
    uint32_t offset;
    uint32_t size;
  };
  // Compresses the open block.
  void Seal(Block& block);

  std::vector<Block> blocks_;
  std::vector<Span> spans_;
};

}  // namespace armada::localstack
