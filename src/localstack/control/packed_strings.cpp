#include "localstack/control/packed_strings.h"

#include <algorithm>
#include <cstring>

namespace armada::localstack {

void PackedStrings::Append(std::string_view bytes) {
  if (blocks_.empty() || blocks_.back().size - blocks_.back().used < bytes.size()) {
    const size_t next =
        blocks_.empty() ? kFirstBlock : std::min(kMaxBlock, blocks_.back().size * 2);
    Block block;
    block.size = std::max(next, bytes.size());
    // Not value-initialised: every byte is written before it is read.
    block.data.reset(new char[block.size]);
    blocks_.push_back(std::move(block));
  }
  Block& block = blocks_.back();
  std::memcpy(block.data.get() + block.used, bytes.data(), bytes.size());
  spans_.push_back({static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(block.used),
                    static_cast<uint32_t>(bytes.size())});
  block.used += bytes.size();
}

std::string_view PackedStrings::operator[](size_t i) const {
  const Span& span = spans_[i];
  return {blocks_[span.block].data.get() + span.offset, span.size};
}

size_t PackedStrings::capacity() const {
  size_t total = 0;
  for (const Block& block : blocks_) total += block.size;
  return total;
}

}  // namespace armada::localstack
