// The one table of Armada's external job lifecycle: the states a job shows
// to watchers of the event stream and every transition between them, each
// with the event that takes it. `--check-lifecycle` (runner/lifecycle_check.h)
// refuses what the table does not hold; lifecycle coverage
// (report/coverage.h) counts which of its transitions a suite took.
//
// Sources (facts, not copies):
// - Armada's docs/developer/job-lifecycle-events.md@207cc9e04 (HEAD after
//   v0.22.7): the job and run state tables and the internal-to-external
//   event table; it does not exist at v0.20.40, whose transitions are the
//   same minus failureCategory.
// - internal/common/database/lookout/jobstates.go@v0.22.7: the job states
//   API consumers see (queued, leased, pending, running, succeeded, failed,
//   cancelled, preempted, rejected).
// - internal/server/event/conversion/conversions.go@v0.22.7 (same at
//   v0.20.40): SubmitJob becomes submitted then queued; JobRequeued has no
//   external event, so a job whose run ended (leaseReturned, leaseExpired,
//   a retryable failed) shows leased next; JobErrors becomes failed (also
//   for a rejected, preempted or max-runs job), retryable when not terminal.
//
// Contract:
// - A job starts in kStart; every event kind either moves it (a lifecycle
//   event: it has a transition with to != from somewhere in the table) or
//   is informational (all its transitions are loops, from == to).
// - Step() finds the transition an event takes from a state. A lifecycle
//   event with no transition from that state is a violation; the job still
//   moves to where the event leads (TargetOf), so one late event is named
//   once, not every event after it. An informational event never moves a
//   job and is never a violation; it takes a transition only where the
//   table lists one.
// - A second preempted right after preempted is reported as such
//   (Armada's experimental run reconciliation can emit two).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/event.pb.h"

namespace armada::lifecycle {

enum class JobState : uint8_t {
  kStart,  // nothing seen yet
  kSubmitted,
  kQueued,
  kLeased,
  kPending,
  kRunning,
  kReturned,  // a run ended (leaseReturned, leaseExpired, retryable failed): requeued
  kPreempted,
  kSucceeded,
  kFailed,
  kCancelled,
};
inline constexpr size_t kJobStateCount = 11;

// "start", "submitted", ..., "returned" (a returned run), ...
std::string_view StateName(JobState state);
bool IsEnded(JobState state);  // succeeded, failed, cancelled

struct Transition {
  JobState from;
  api::EventMessage::EventsCase event;
  bool retryable;  // a failed event's retryable flag (false for every other kind)
  JobState to;     // == from for an informational event
  // Where Armada says so, e.g. "job-lifecycle-events.md: Job state".
  std::string_view source;
  // The kind of test case that takes it, for the untaken ones.
  std::string_view how;
};

// Every transition, the lifecycle's order (the path to running first).
const std::vector<Transition>& Transitions();

// "running -> succeeded", "running -> failed (retryable)", "running -> cancelling".
std::string TransitionName(const Transition& transition);

// True for the event kinds that move a job; false for the informational ones.
bool MovesJob(api::EventMessage::EventsCase event);

struct StepResult {
  const Transition* taken = nullptr;  // nullptr: no transition of the table
  bool violation = false;             // a lifecycle event the state does not allow
  bool repeated_preempted = false;    // preempted after preempted (not a violation)
};

// Takes `event` (with its retryable flag, for failed) from *state, moving
// *state as the contract says.
StepResult Step(JobState* state, api::EventMessage::EventsCase event, bool retryable);

// Why a lifecycle event was refused from `from`: "running follows pending",
// "a job ends once", ...
std::string RuleFor(api::EventMessage::EventsCase event, bool retryable, JobState from);

}  // namespace armada::lifecycle
