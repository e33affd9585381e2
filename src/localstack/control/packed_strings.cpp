#include "localstack/control/packed_strings.h"

#include <zlib.h>

#include <algorithm>

namespace armada::localstack {

void PackedStrings::Seal(Block& block) {
  uLongf length = compressBound(block.bytes.size());
  std::string compressed(length, '\0');
  // Z_BUF_ERROR and Z_MEM_ERROR are the only failures: the bound leaves room
  // enough, so only memory can run out, and then the block stays as it is.
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &length,
                reinterpret_cast<const Bytef*>(block.bytes.data()), block.bytes.size(),
                Z_BEST_SPEED) != Z_OK) {
    block.bytes.shrink_to_fit();
    return;
  }
  compressed.resize(length);
  compressed.shrink_to_fit();
  block.bytes = std::move(compressed);
  block.sealed = true;
}

void PackedStrings::Append(std::string_view bytes) {
  if (blocks_.empty() || blocks_.back().size - blocks_.back().bytes.size() < bytes.size()) {
    const size_t next =
        blocks_.empty() ? kFirstBlock : std::min(kMaxBlock, size_t{blocks_.back().size} * 2);
    if (!blocks_.empty()) Seal(blocks_.back());
    Block& block = blocks_.emplace_back();
    block.size = static_cast<uint32_t>(std::max(next, bytes.size()));
    block.bytes.reserve(block.size);
  }
  Block& block = blocks_.back();
  spans_.push_back({static_cast<uint32_t>(blocks_.size() - 1),
                    static_cast<uint32_t>(block.bytes.size()),
                    static_cast<uint32_t>(bytes.size())});
  block.bytes.append(bytes);
}

Status PackedStrings::Visit(size_t first, size_t last,
                            const std::function<void(std::string_view)>& visit) const {
  std::string scratch;
  size_t decoded = blocks_.size();
  for (size_t i = first; i < last; ++i) {
    const Span& span = spans_[i];
    const Block& block = blocks_[span.block];
    std::string_view data = block.bytes;
    if (block.sealed) {
      if (decoded != span.block) {
        scratch.resize(block.size);
        uLongf length = block.size;
        if (uncompress(reinterpret_cast<Bytef*>(scratch.data()), &length,
                       reinterpret_cast<const Bytef*>(block.bytes.data()),
                       block.bytes.size()) != Z_OK) {
          return Status::Error("block " + std::to_string(span.block) + " does not decompress");
        }
        scratch.resize(length);
        decoded = span.block;
      }
      data = scratch;
    }
    if (span.offset + size_t{span.size} > data.size()) {
      return Status::Error("block " + std::to_string(span.block) + " is shorter than its entries");
    }
    visit(data.substr(span.offset, span.size));
  }
  return Status();
}

size_t PackedStrings::capacity() const {
  size_t total = 0;
  for (const Block& block : blocks_) total += block.bytes.capacity();
  return total;
}

}  // namespace armada::localstack
