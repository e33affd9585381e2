#include "localstack/control/packed_strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace armada::localstack {
namespace {

std::vector<std::string> Read(const PackedStrings& packed, size_t first, size_t last) {
  std::vector<std::string> out;
  const Status read =
      packed.Visit(first, last, [&](std::string_view bytes) { out.emplace_back(bytes); });
  EXPECT_TRUE(read.ok()) << read.message();
  return out;
}

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
  EXPECT_EQ(Read(packed, 0, packed.size()), written);
  // From any entry on, as a watcher resumes; and one entry alone.
  EXPECT_EQ(Read(packed, 1234, packed.size()),
            std::vector<std::string>(written.begin() + 1234, written.end()));
  EXPECT_EQ(Read(packed, 77, 78), std::vector<std::string>{written[77]});
  EXPECT_TRUE(Read(packed, 2000, 2000).empty());
}

TEST(PackedStrings, AnEntryLargerThanABlockGetsABlockOfItsOwn) {
  PackedStrings packed;
  packed.Append("small");
  const std::string large(3 * PackedStrings::kMaxBlock + 5, 'x');
  packed.Append(large);
  packed.Append("after");
  EXPECT_EQ(Read(packed, 0, 3), (std::vector<std::string>{"small", large, "after"}));
}

TEST(PackedStrings, RepetitiveEntriesTakeAFractionOfTheirBytes) {
  // Entries like a job set's events: ids and words repeated, a counter apart.
  PackedStrings many;
  size_t bytes = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string entry = "job 01m96zwsyggx9fgntgrv83w" + std::to_string(i) +
                              " of job set one-xl4s274ect in queue bench: succeeded";
    many.Append(entry);
    bytes += entry.size();
  }
  EXPECT_LE(many.capacity(), bytes / 4);
  EXPECT_EQ(Read(many, 99999, 100000).at(0),
            "job 01m96zwsyggx9fgntgrv83w99999 of job set one-xl4s274ect in queue bench: succeeded");
}

}  // namespace
}  // namespace armada::localstack
