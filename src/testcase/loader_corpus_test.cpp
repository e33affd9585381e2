// Replays the loader fuzz target's seed corpus (the shipped test cases and the
// hostile files in hostile/) in every build, clang or not, so what the fuzzer
// starts from is checked on each run of the suite.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

TEST(LoaderCorpus, EverySeedLoadsOrIsRefused) {
  int seeds = 0;
  for (const char* dir :
       {ARMADA_TS_SOURCE_DIR "/testcases", ARMADA_TS_SOURCE_DIR "/src/testcase/hostile"}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      SCOPED_TRACE(entry.path().string());
      EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                0);
      ++seeds;
    }
  }
  EXPECT_GT(seeds, 10);
}

}  // namespace
