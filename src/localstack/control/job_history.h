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
//   cancelled   -> CANCELLED with cancel_ts, cancel_reason and cancel_user; a run
//                  not yet finished is CANCELLED, finished
//
// last_transition_ts is the time of the last of these. Other events
// (queued, cancelling, preempting, reprioritized, ...) change nothing, as in
// Lookout. Times are the events' own `created`. A job has at most one run
// here (armada-localstack never retries).
#pragma once

#include <string>

#include "api/event.pb.h"
#include "api/job.pb.h"
#include "localstack/control/job_events.h"

namespace armada::localstack {

class JobHistory {
 public:
  // Records `event` of the job; `pod` is where its run is (for leased on).
  void Record(const api::EventMessage& event, const PodRef& pod);

  api::JobState state() const { return details_.state(); }
  // The job's details without job_spec; with its run when `with_runs`.
  api::JobDetails Details(bool with_runs) const;
  bool has_run() const { return details_.job_runs_size() > 0; }
  // REQUIRES: has_run().
  const api::JobRunDetails& run() const { return details_.job_runs(0); }
  // The latest run's error, "" when there is none (GetJobErrors).
  const std::string& error() const { return error_; }

 private:
  void Transition(api::JobState state, const google::protobuf::Timestamp& at);
  // The run, finished at `at` in `state` when not yet finished.
  void FinishRun(api::JobRunState state, const google::protobuf::Timestamp& at);

  // job_runs holds the one run once the job is leased.
  api::JobDetails details_;
  std::string error_;
};

}  // namespace armada::localstack
