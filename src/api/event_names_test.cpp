#include "api/event_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace armada {
namespace {

// The table is written by hand so that terminal/may_trigger sit beside the
// names; the descriptor keeps it honest.
TEST(EventNamesTest, TheTableIsTheEventsOneofExactlyInFieldOrder) {
  const auto* oneof = api::EventMessage::descriptor()->FindOneofByName("events");
  ASSERT_NE(oneof, nullptr);
  ASSERT_EQ(EventKinds().size(), static_cast<size_t>(oneof->field_count()));
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const EventKind& kind = EventKinds()[i];
    EXPECT_EQ(kind.snake, field->name());
    EXPECT_EQ(kind.camel, field->json_name());
    EXPECT_EQ(static_cast<int>(kind.oneof_case), field->number()) << field->name();
  }
}

TEST(EventNamesTest, BothSpellingsFindTheSameKind) {
  const EventKind* camel = FindEventKind("leaseReturned");
  ASSERT_NE(camel, nullptr);
  EXPECT_EQ(camel, FindEventKind("lease_returned"));
  EXPECT_EQ(camel->oneof_case, api::EventMessage::kLeaseReturned);
  EXPECT_EQ(FindEventKind("leasereturned"), nullptr);
  EXPECT_EQ(FindEventKind(""), nullptr);
}

TEST(EventNamesTest, KindOfAnEventIsItsSetMember) {
  api::EventMessage event;
  EXPECT_EQ(EventKindOf(event), nullptr);
  event.mutable_ingress_info();
  ASSERT_NE(EventKindOf(event), nullptr);
  EXPECT_EQ(EventKindOf(event)->camel, "ingressInfo");
}

TEST(EventNamesTest, TerminalAndTriggerSetsAreArmadasJobLife) {
  std::set<std::string> terminal, trigger;
  for (const EventKind& kind : EventKinds()) {
    if (kind.terminal) terminal.emplace(kind.camel);
    if (kind.may_trigger) trigger.emplace(kind.camel);
  }
  EXPECT_EQ(terminal, (std::set<std::string>{"succeeded", "failed", "cancelled"}));
  EXPECT_EQ(trigger,
            (std::set<std::string>{"submitted", "queued", "leased", "pending", "running"}));
  EXPECT_EQ(TriggerEventList(), "submitted, queued, leased, pending, running");
}

TEST(EventNamesTest, SpellingsListCamelFirstThenTheDifferingSnakeNames) {
  const auto& names = EventNameSpellings();
  EXPECT_EQ(names.front(), "submitted");
  EXPECT_THAT(names, ::testing::Contains("leaseReturned"));
  EXPECT_THAT(names, ::testing::Contains("lease_returned"));
  EXPECT_EQ(std::count(names.begin(), names.end(), "queued"), 1);
  EXPECT_EQ(names.size(), EventKinds().size() + 3);  // lease_returned, lease_expired, ingress_info
}

}  // namespace
}  // namespace armada
