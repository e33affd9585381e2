// What Armada's query API (api.Jobs, internal/server/queryapi/query_api.go@v0.22.7)
// tells of one job, kept from the job's own events the way Armada's Lookout
// ingester keeps the tables that API reads
// (internal/lookoutingester/instructions/instructions.go@v0.22.7):
//
//   submitted   -> QUEUED, submitted_ts
//   leased      -> LEASED, a run (its id, cluster, node, leased_ts) is the latest run
//   pending     -> PENDING, the run PENDING with pending_ts
//   running     -> RUNNING, the run RUNNING with started_ts
//   succeeded   -> SUCCEEDED, the run SUCCEEDED, finished
//   failed      -> FAILED (PREEMPTED stays), the run FAILED, finished, its error the reason
//   preempted   -> PREEMPTED, the run PREEMPTED, finished, its error the reason
//   cancelled   -> CANCELLED with cancel_ts and cancel_user; a run not yet
//                  finished is CANCELLED, finished. cancel_reason stays empty:
//                  Armada's scheduler logs its CancelledJob without the reason
//                  (internal/scheduler/scheduler.go@v0.22.7) and Lookout takes
//                  it from there
//
// last_transition_ts is the time of the last of these. Other events
// (queued, cancelling, preempting, ...) change nothing, as in Lookout, except
// that reprioritized sets the priority the job's spec shows. Times are the
// events' own `created`. A job has at most one run here (armada-localstack
// never retries).
//
// Kept compactly, since a finished job set stays for the retention hour
// (job_set_retention.h): the state, times and words of the job's events only.
// What the Cluster already keeps of a job (its ids, JobRef, and where its run
// is, PodRef) is passed in when the details are built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/event.pb.h"
#include "api/job.pb.h"
#include "localstack/control/job_events.h"

namespace armada::localstack {

class JobHistory {
 public:
  // Records one of the job's events.
  void Record(const api::EventMessage& event);
  // Who asked for the job's cancel: the query API's cancel_user once it is
  // cancelled. Armada names them in its scheduler's internal event only, not
  // in the API's `cancelled`, so the Cluster says it here; a `cancelling`
  // that names someone (a cancel by id) says it too, for a history replayed
  // from the log. A whole job set's cancel names nobody in any event, so a
  // restart takes them from the store (StoredJob::cancel_user).
  void CancelRequestedBy(const std::string& user);
  // Who asked for the cancel, "" when nobody has (or nobody was named).
  const std::string& cancel_user() const;

  api::JobState state() const { return static_cast<api::JobState>(state_); }
  // The job's details without job_spec; with its run (the pod `pod`) when
  // `with_runs`.
  api::JobDetails Details(const JobRef& job, const PodRef& pod, bool with_runs) const;
  bool has_run() const { return leased_ns_ != 0; }
  // REQUIRES: has_run().
  api::JobRunDetails Run(const JobRef& job, const PodRef& pod) const;
  // The latest run's error, "" when there is none (GetJobErrors).
  const std::string& error() const;
  // The namespace the job was submitted to.
  const std::string& job_namespace() const { return job_namespace_; }
  // The priority its spec has now: the submitted one or the last reprioritized.
  double priority() const { return priority_; }

 private:
  void Transition(api::JobState state, int64_t at_ns);
  // The run, finished at `at_ns` in `state` when not yet finished.
  void FinishRun(api::JobRunState state, int64_t at_ns);

  // Times in nanoseconds since the epoch; 0 for one that has not happened.
  int64_t submitted_ns_ = 0;
  int64_t cancel_ns_ = 0;
  int64_t last_transition_ns_ = 0;
  int64_t leased_ns_ = 0;
  int64_t pending_ns_ = 0;
  int64_t started_ns_ = 0;
  int64_t finished_ns_ = 0;
  double priority_ = 0;
  uint8_t state_ = api::QUEUED;
  uint8_t run_state_ = api::RUN_STATE_UNKNOWN;
  std::string job_namespace_;
  // What only a cancelled or failed job has, apart so that the others (most
  // jobs) keep a pointer instead of two strings.
  struct Words {
    std::string cancel_user;
    std::string error;
  };
  Words& words();
  std::unique_ptr<Words> words_;
};

}  // namespace armada::localstack
