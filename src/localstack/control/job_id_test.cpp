#include "localstack/control/job_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace armada::localstack {
namespace {

TEST(JobId, LooksLikeAnArmadaIdAndSorts) {
  JobIdGenerator ids;
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = ids.Next();
    ASSERT_EQ(id.size(), 26u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos) << id;
    EXPECT_GT(id, previous);
    previous = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace armada::localstack
