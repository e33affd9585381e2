#include "runner/held_events.h"

#include <gtest/gtest.h>

#include <set>

#include "api/event_names.h"
#include "runner/testing/events.h"

namespace armada::runner {
namespace {

std::vector<std::string> Jobs(const std::vector<HeldEvents::Held>& held) {
  std::vector<std::string> out;
  for (const auto& h : held) out.push_back(JobIdOf(h.event) + ":" + EventName(h.event));
  return out;
}

TEST(HeldEventsTest, HandsBackTheEventsOfJobsNowKnownInArrivalOrder) {
  HeldEvents held;
  const auto now = std::chrono::system_clock::now();
  held.Hold(testing::Submitted("b"), now);
  held.Hold(testing::Submitted("stranger"), now);
  held.Hold(testing::Succeeded("b"), now);
  const std::set<std::string> known{"b"};
  EXPECT_EQ(Jobs(held.Take([&](std::string_view id) { return known.count(std::string(id)) > 0; })),
            (std::vector<std::string>{"b:submitted", "b:succeeded"}));
  EXPECT_FALSE(held.empty());
  EXPECT_EQ(Jobs(held.TakeAll()), (std::vector<std::string>{"stranger:submitted"}));
  EXPECT_TRUE(held.empty());
}

}  // namespace
}  // namespace armada::runner
