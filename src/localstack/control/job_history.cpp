#include "localstack/control/job_history.h"

namespace armada::localstack {

void JobHistory::Transition(api::JobState state, const google::protobuf::Timestamp& at) {
  details_.set_state(state);
  *details_.mutable_last_transition_ts() = at;
}

void JobHistory::FinishRun(api::JobRunState state, const google::protobuf::Timestamp& at) {
  if (!has_run() || details_.job_runs(0).has_finished_ts()) return;
  api::JobRunDetails* run = details_.mutable_job_runs(0);
  run->set_state(state);
  *run->mutable_finished_ts() = at;
}

void JobHistory::Record(const api::EventMessage& event, const PodRef& pod) {
  using E = api::EventMessage;
  api::JobRunDetails* run = has_run() ? details_.mutable_job_runs(0) : nullptr;
  switch (event.events_case()) {
    case E::kSubmitted: {
      const auto& e = event.submitted();
      details_.set_job_id(e.job_id());
      details_.set_queue(e.queue());
      details_.set_jobset(e.job_set_id());
      details_.set_namespace_(e.job().namespace_());
      *details_.mutable_submitted_ts() = e.created();
      Transition(api::QUEUED, e.created());
      break;
    }
    case E::kLeased: {
      const auto& e = event.leased();
      details_.clear_job_runs();
      run = details_.add_job_runs();
      run->set_run_id(pod.run_id);
      run->set_job_id(e.job_id());
      run->set_state(api::RUN_STATE_LEASED);
      run->set_cluster(pod.cluster_id);
      run->set_node(pod.node_name);
      *run->mutable_leased_ts() = e.created();
      details_.set_latest_run_id(pod.run_id);
      Transition(api::LEASED, e.created());
      break;
    }
    case E::kPending:
      if (run != nullptr) {
        run->set_state(api::RUN_STATE_PENDING);
        *run->mutable_pending_ts() = event.pending().created();
      }
      Transition(api::PENDING, event.pending().created());
      break;
    case E::kRunning:
      if (run != nullptr) {
        run->set_state(api::RUN_STATE_RUNNING);
        *run->mutable_started_ts() = event.running().created();
      }
      Transition(api::RUNNING, event.running().created());
      break;
    case E::kSucceeded:
      FinishRun(api::RUN_STATE_SUCCEEDED, event.succeeded().created());
      Transition(api::SUCCEEDED, event.succeeded().created());
      break;
    case E::kFailed:
      // A preempted job's failed event comes after its run has finished.
      if (run == nullptr || !run->has_finished_ts()) error_ = event.failed().reason();
      FinishRun(api::RUN_STATE_FAILED, event.failed().created());
      Transition(state() == api::PREEMPTED ? api::PREEMPTED : api::FAILED,
                 event.failed().created());
      break;
    case E::kPreempted:
      if (has_run() && !run->has_finished_ts()) error_ = event.preempted().reason();
      FinishRun(api::RUN_STATE_PREEMPTED, event.preempted().created());
      Transition(api::PREEMPTED, event.preempted().created());
      break;
    case E::kCancelled: {
      const auto& e = event.cancelled();
      FinishRun(api::RUN_STATE_CANCELLED, e.created());
      *details_.mutable_cancel_ts() = e.created();
      details_.set_cancel_reason(e.reason());
      details_.set_cancel_user(e.requestor());
      Transition(api::CANCELLED, e.created());
      break;
    }
    default:
      break;
  }
}

api::JobDetails JobHistory::Details(bool with_runs) const {
  api::JobDetails details = details_;
  if (!with_runs) details.clear_job_runs();
  return details;
}

}  // namespace armada::localstack
