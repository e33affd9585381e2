#include "api/job_lifecycle.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "api/event_names.h"

namespace armada::lifecycle {
namespace {

using E = api::EventMessage;

TEST(JobLifecycleTest, EveryEventKindHasATransitionAndNoneIsListedTwice) {
  std::set<E::EventsCase> kinds;
  std::set<std::tuple<JobState, E::EventsCase, bool>> seen;
  for (const Transition& t : Transitions()) {
    kinds.insert(t.event);
    EXPECT_TRUE(seen.insert({t.from, t.event, t.retryable}).second) << TransitionName(t);
    EXPECT_FALSE(t.source.empty()) << TransitionName(t);
    EXPECT_FALSE(t.how.empty()) << TransitionName(t);
    EXPECT_FALSE(IsEnded(t.from)) << TransitionName(t);
    // An event kind either always moves a job or never does.
    EXPECT_EQ(MovesJob(t.event), t.from != t.to) << TransitionName(t);
  }
  for (const EventKind& kind : EventKinds()) {
    EXPECT_TRUE(kinds.count(kind.oneof_case)) << kind.camel;
  }
}

TEST(JobLifecycleTest, EveryStateIsReachedAndEveryLiveStateCanEnd) {
  std::set<JobState> reached = {JobState::kStart};
  for (bool grew = true; grew;) {
    grew = false;
    for (const Transition& t : Transitions()) {
      if (reached.count(t.from) && reached.insert(t.to).second) grew = true;
    }
  }
  EXPECT_EQ(reached.size(), kJobStateCount);
  for (size_t i = 0; i < kJobStateCount; ++i) {
    const auto state = static_cast<JobState>(i);
    if (IsEnded(state)) continue;
    std::set<JobState> ahead = {state};
    for (bool grew = true; grew;) {
      grew = false;
      for (const Transition& t : Transitions()) {
        if (ahead.count(t.from) && ahead.insert(t.to).second) grew = true;
      }
    }
    EXPECT_TRUE(ahead.count(JobState::kSucceeded) || ahead.count(JobState::kFailed) ||
                ahead.count(JobState::kCancelled))
        << StateName(state);
  }
}

TEST(JobLifecycleTest, StepTakesTransitionsAndNamesViolations) {
  JobState state = JobState::kStart;
  for (const E::EventsCase event : {E::kSubmitted, E::kQueued, E::kLeased, E::kPending}) {
    const StepResult step = Step(&state, event, false);
    ASSERT_NE(step.taken, nullptr);
    EXPECT_FALSE(step.violation);
  }
  EXPECT_EQ(state, JobState::kPending);
  // Informational: taken where listed, never moves, never a violation.
  StepResult info = Step(&state, E::kCancelling, false);
  EXPECT_EQ(TransitionName(*info.taken), "pending -> cancelling");
  EXPECT_EQ(state, JobState::kPending);
  info = Step(&state, E::kReprioritized, false);
  EXPECT_EQ(info.taken, nullptr);
  EXPECT_FALSE(info.violation);
  // A retryable failure returns the run; the job is leased again.
  EXPECT_EQ(TransitionName(*Step(&state, E::kFailed, true).taken), "pending -> failed (retryable)");
  EXPECT_EQ(state, JobState::kReturned);
  EXPECT_EQ(TransitionName(*Step(&state, E::kLeased, false).taken), "returned -> leased");
  // succeeded straight after leased is Armada's; failed after it is not.
  EXPECT_NE(Step(&state, E::kSucceeded, false).taken, nullptr);
  const StepResult late = Step(&state, E::kFailed, false);
  EXPECT_TRUE(late.violation);
  EXPECT_EQ(RuleFor(E::kFailed, false, JobState::kSucceeded), "a job ends once");
  EXPECT_EQ(RuleFor(E::kRunning, false, JobState::kQueued), "running follows pending");
  EXPECT_EQ(RuleFor(E::kSucceeded, false, JobState::kQueued),
            "succeeded follows leased, pending or running");
  EXPECT_EQ(RuleFor(E::kQueued, false, JobState::kStart), "queued follows submitted");
}

TEST(JobLifecycleTest, ASecondPreemptedIsNamedNotRefused) {
  JobState state = JobState::kRunning;
  EXPECT_NE(Step(&state, E::kPreempted, false).taken, nullptr);
  const StepResult again = Step(&state, E::kPreempted, false);
  EXPECT_TRUE(again.repeated_preempted);
  EXPECT_FALSE(again.violation);
  EXPECT_EQ(state, JobState::kPreempted);
}

}  // namespace
}  // namespace armada::lifecycle
