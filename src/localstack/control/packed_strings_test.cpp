#include "localstack/control/packed_strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace armada::localstack {
namespace {

TEST(PackedStrings, ReadsBackEveryEntryByteForByteAcrossBlocks) {
  PackedStrings packed;
  std::vector<std::string> written;
  for (int i = 0; i < 2000; ++i) {
    // Sizes from empty to a few hundred bytes, with NUL bytes inside.
    std::string entry(static_cast<size_t>(i % 300), static_cast<char>('a' + i % 26));
    if (!entry.empty()) entry[entry.size() / 2] = '\0';
    packed.Append(entry);
    written.push_back(entry);
  }
  ASSERT_EQ(packed.size(), written.size());
  for (size_t i = 0; i < written.size(); ++i) EXPECT_EQ(packed[i], written[i]) << i;
}

TEST(PackedStrings, AnEntryLargerThanABlockGetsABlockOfItsOwn) {
  PackedStrings packed;
  packed.Append("small");
  const std::string large(3 * PackedStrings::kMaxBlock + 5, 'x');
  packed.Append(large);
  packed.Append("after");
  EXPECT_EQ(packed[0], "small");
  EXPECT_EQ(packed[1], large);
  EXPECT_EQ(packed[2], "after");
}

TEST(PackedStrings, WastesAtMostAboutItsOwnSizeOrOneLargestBlock) {
  PackedStrings few;
  for (int i = 0; i < 10; ++i) few.Append(std::string(100, 'x'));
  EXPECT_LE(few.capacity(), 2 * 1000 + PackedStrings::kFirstBlock);

  PackedStrings many;
  size_t bytes = 0;
  for (int i = 0; i < 100000; ++i) {
    many.Append(std::string(90 + i % 20, 'y'));
    bytes += 90 + i % 20;
  }
  // Each full block leaves less than one entry unused at its end (< 1 % here).
  EXPECT_LE(many.capacity(), bytes + bytes / 100 + PackedStrings::kMaxBlock);
}

}  // namespace
}  // namespace armada::localstack
