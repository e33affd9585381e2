#include "common/words.h"

#include <gtest/gtest.h>

namespace armada {
namespace {

TEST(ListInWords, CommasThenAndBeforeTheLast) {
  EXPECT_EQ(ListInWords({}), "");
  EXPECT_EQ(ListInWords({"CPU limits"}), "CPU limits");
  EXPECT_EQ(ListInWords({"a", "b"}), "a and b");
  EXPECT_EQ(ListInWords({"a", "b", "c"}), "a, b and c");
}

}  // namespace
}  // namespace armada
