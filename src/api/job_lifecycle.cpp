#include "api/job_lifecycle.h"

#include <algorithm>

#include "api/event_names.h"

namespace armada::lifecycle {
namespace {

using E = api::EventMessage;
using S = JobState;

// The sources named in the header, short.
constexpr std::string_view kJobTable = "job-lifecycle-events.md@207cc9e04, Job state";
constexpr std::string_view kRunTable = "job-lifecycle-events.md@207cc9e04, Run state";
constexpr std::string_view kConversion =
    "job-lifecycle-events.md@207cc9e04, Event vocabulary; conversions.go@v0.22.7";
constexpr std::string_view kFailedA = "job-lifecycle-events.md@207cc9e04, Job failed, Path A";
constexpr std::string_view kFailedB = "job-lifecycle-events.md@207cc9e04, Job failed, Path B";
constexpr std::string_view kPreempted = "job-lifecycle-events.md@207cc9e04, Job preempted";
constexpr std::string_view kCancelled = "job-lifecycle-events.md@207cc9e04, Job cancelled";
constexpr std::string_view kStates = "jobstates.go@v0.22.7";

}  // namespace

std::string_view StateName(JobState state) {
  switch (state) {
    case S::kStart:
      return "start";
    case S::kSubmitted:
      return "submitted";
    case S::kQueued:
      return "queued";
    case S::kLeased:
      return "leased";
    case S::kPending:
      return "pending";
    case S::kRunning:
      return "running";
    case S::kReturned:
      return "returned";
    case S::kPreempted:
      return "preempted";
    case S::kSucceeded:
      return "succeeded";
    case S::kFailed:
      return "failed";
    case S::kCancelled:
      return "cancelled";
  }
  return "?";
}

bool IsEnded(JobState state) {
  return state == S::kSucceeded || state == S::kFailed || state == S::kCancelled;
}

const std::vector<Transition>& Transitions() {
  static const std::vector<Transition> table = {
      // The path every job takes.
      {S::kStart, E::kSubmitted, false, S::kSubmitted, kConversion, "any case"},
      {S::kSubmitted, E::kQueued, false, S::kQueued, kConversion, "any case"},
      {S::kQueued, E::kLeased, false, S::kLeased, kJobTable, "any job that gets a node"},
      {S::kLeased, E::kPending, false, S::kPending, kJobTable, "any job whose pod is created"},
      {S::kPending, E::kRunning, false, S::kRunning, kJobTable, "any job whose container starts"},
      // Succeeded.
      {S::kRunning, E::kSucceeded, false, S::kSucceeded, kJobTable,
       "a job whose container exits 0"},
      {S::kPending, E::kSucceeded, false, S::kSucceeded, kJobTable,
       "a container that exits 0 before it is reported running (a very short command)"},
      {S::kLeased, E::kSucceeded, false, S::kSucceeded, kJobTable,
       "a job that ends before its pod is reported pending"},
      // Failed.
      {S::kRunning, E::kFailed, false, S::kFailed, kFailedA,
       "a container that exits non-zero or is OOM-killed"},
      {S::kPending, E::kFailed, false, S::kFailed, kFailedB,
       "a pod that never starts: an image that cannot be pulled, a command that does not exist"},
      {S::kLeased, E::kFailed, false, S::kFailed, kJobTable,
       "a pod the executor cannot create (a pod spec the cluster refuses)"},
      {S::kQueued, E::kFailed, false, S::kFailed, kStates,
       "a job rejected after submission (JobRejected) or a gang that cannot be scheduled"},
      {S::kReturned, E::kFailed, false, S::kFailed, kFailedA,
       "a job whose lease is returned once too often (maxAttemptedRuns)"},
      {S::kPreempted, E::kFailed, false, S::kFailed, kPreempted,
       "a preempted job: its failed follows preempted"},
      {S::kRunning, E::kFailed, true, S::kReturned, kConversion,
       "a running job's failure that Armada's retry policy (retryPolicy.enabled) retries"},
      {S::kPending, E::kFailed, true, S::kReturned, kConversion,
       "a pending job's failure that Armada's retry policy retries"},
      {S::kLeased, E::kFailed, true, S::kReturned, kConversion,
       "a leased job's failure that Armada's retry policy retries"},
      // A run ends and the job runs again (JobRequeued shows nothing).
      {S::kPending, E::kLeaseReturned, false, S::kReturned, kRunTable,
       "a pod stuck starting that the executor gives back (a retryable issue)"},
      {S::kLeased, E::kLeaseReturned, false, S::kReturned, kFailedB,
       "an executor that gives the lease back before the pod exists"},
      {S::kRunning, E::kLeaseReturned, false, S::kReturned, kFailedB,
       "a running pod the executor gives back (a retryable issue)"},
      {S::kLeased, E::kLeaseExpired, false, S::kReturned, kRunTable,
       "an executor that stops reporting (executorTimeout) while the job is leased"},
      {S::kPending, E::kLeaseExpired, false, S::kReturned, kRunTable,
       "an executor that stops reporting while the job is pending"},
      {S::kRunning, E::kLeaseExpired, false, S::kReturned, kRunTable,
       "an executor that stops reporting while the job runs"},
      {S::kReturned, E::kLeased, false, S::kLeased, kConversion,
       "a job leased again after a returned or expired lease"},
      // Preempted (then failed, above).
      {S::kRunning, E::kPreempted, false, S::kPreempted, kPreempted,
       "a preempt action or preemptOnNode with triggerEvent: running"},
      {S::kPending, E::kPreempted, false, S::kPreempted, kPreempted,
       "a preempt action with triggerEvent: pending"},
      // Cancelled.
      {S::kQueued, E::kCancelled, false, S::kCancelled, kCancelled,
       "a cancel action with triggerEvent: queued"},
      {S::kLeased, E::kCancelled, false, S::kCancelled, kCancelled,
       "a cancel action with triggerEvent: leased"},
      {S::kPending, E::kCancelled, false, S::kCancelled, kCancelled,
       "a cancel action with triggerEvent: pending"},
      {S::kRunning, E::kCancelled, false, S::kCancelled, kCancelled,
       "a cancel action, cancelJobSet or cancelOnNode with triggerEvent: running"},
      {S::kReturned, E::kCancelled, false, S::kCancelled, kCancelled,
       "a cancel of a job whose lease was returned, before it is leased again"},
      // Informational: a request shown where it was made, or a fact of the run.
      {S::kQueued, E::kCancelling, false, S::kQueued, kConversion,
       "a cancel action with triggerEvent: queued"},
      {S::kLeased, E::kCancelling, false, S::kLeased, kConversion,
       "a cancel action with triggerEvent: leased"},
      {S::kPending, E::kCancelling, false, S::kPending, kConversion,
       "a cancel action with triggerEvent: pending"},
      {S::kRunning, E::kCancelling, false, S::kRunning, kConversion,
       "a cancel action with triggerEvent: running"},
      {S::kLeased, E::kPreempting, false, S::kLeased, kConversion,
       "a preempt action with triggerEvent: leased"},
      {S::kPending, E::kPreempting, false, S::kPending, kConversion,
       "a preempt action with triggerEvent: pending"},
      {S::kRunning, E::kPreempting, false, S::kRunning, kConversion,
       "a preempt action with triggerEvent: running"},
      {S::kQueued, E::kReprioritizing, false, S::kQueued, kConversion,
       "a reprioritize action with triggerEvent: queued"},
      {S::kQueued, E::kReprioritized, false, S::kQueued, kConversion,
       "a reprioritize action with triggerEvent: queued"},
      {S::kRunning, E::kReprioritizing, false, S::kRunning, kConversion,
       "a reprioritize action with triggerEvent: running"},
      {S::kRunning, E::kReprioritized, false, S::kRunning, kConversion,
       "a reprioritize action with triggerEvent: running"},
      {S::kPending, E::kIngressInfo, false, S::kPending, kConversion,
       "a job exposing a port through a service or ingress, seen before it runs"},
      {S::kRunning, E::kIngressInfo, false, S::kRunning, kConversion,
       "a job exposing a port through a service or ingress"},
      {S::kRunning, E::kUtilisation, false, S::kRunning, kConversion,
       "a long-running job on an executor that reports resource usage"},
  };
  return table;
}

std::string TransitionName(const Transition& transition) {
  std::string name = std::string(StateName(transition.from)) + " -> ";
  for (const EventKind& kind : EventKinds()) {
    if (kind.oneof_case == transition.event) name += std::string(kind.camel);
  }
  return transition.retryable ? name + " (retryable)" : name;
}

bool MovesJob(api::EventMessage::EventsCase event) {
  for (const Transition& t : Transitions()) {
    if (t.event == event && t.from != t.to) return true;
  }
  return false;
}

namespace {

// Where a lifecycle event leads, whatever the state it came from.
JobState TargetOf(api::EventMessage::EventsCase event, bool retryable) {
  for (const Transition& t : Transitions()) {
    if (t.event == event && t.retryable == retryable && t.from != t.to) return t.to;
  }
  return S::kStart;
}

}  // namespace

StepResult Step(JobState* state, api::EventMessage::EventsCase event, bool retryable) {
  StepResult result;
  const bool moves = MovesJob(event);
  if (!moves) retryable = false;
  if (event == E::kPreempted && *state == S::kPreempted) {
    result.repeated_preempted = true;
    return result;
  }
  for (const Transition& t : Transitions()) {
    if (t.from == *state && t.event == event && t.retryable == retryable) {
      result.taken = &t;
      *state = t.to;
      return result;
    }
  }
  if (moves) {
    result.violation = true;
    *state = TargetOf(event, retryable);
  }
  return result;
}

std::string RuleFor(api::EventMessage::EventsCase event, bool retryable, JobState from) {
  std::string name;
  for (const EventKind& kind : EventKinds()) {
    if (kind.oneof_case == event) name = std::string(kind.camel);
  }
  if (IsEnded(from)) return "a job ends once";
  if (event == E::kSubmitted) return "submitted comes first";
  std::vector<JobState> sources;
  for (const Transition& t : Transitions()) {
    if (t.event == event && t.retryable == retryable && t.from != t.to) sources.push_back(t.from);
  }
  std::sort(sources.begin(), sources.end());
  std::vector<std::string_view> froms;
  for (const JobState s : sources) {
    froms.push_back(s == S::kReturned ? "a returned run" : StateName(s));
  }
  std::string rule = name + (retryable ? " (retryable)" : "") + " follows ";
  for (size_t i = 0; i < froms.size(); ++i) {
    if (i > 0) rule += i + 1 == froms.size() ? " or " : ", ";
    rule += froms[i];
  }
  return rule;
}

}  // namespace armada::lifecycle
