#include "localstack/control/job_history.h"

#include <google/protobuf/util/time_util.h>

namespace armada::localstack {
namespace {

using google::protobuf::util::TimeUtil;

int64_t Nanos(const google::protobuf::Timestamp& at) {
  return TimeUtil::TimestampToNanoseconds(at);
}

// Sets the message's time field to `ns`, unless that time has not happened
// (0): the field stays absent then, as Lookout leaves it.
template <typename Message>
void SetTime(int64_t ns, Message* message, google::protobuf::Timestamp* (Message::*field)()) {
  if (ns != 0) *(message->*field)() = TimeUtil::NanosecondsToTimestamp(ns);
}

}  // namespace

const std::string& JobHistory::error() const {
  static const std::string kNone;
  return words_ == nullptr ? kNone : words_->error;
}

const std::string& JobHistory::cancel_user() const {
  static const std::string kNone;
  return words_ == nullptr ? kNone : words_->cancel_user;
}

JobHistory::Words& JobHistory::words() {
  if (words_ == nullptr) words_ = std::make_unique<Words>();
  return *words_;
}

void JobHistory::Transition(api::JobState state, int64_t at_ns) {
  state_ = static_cast<uint8_t>(state);
  last_transition_ns_ = at_ns;
}

void JobHistory::FinishRun(api::JobRunState state, int64_t at_ns) {
  if (!has_run() || finished_ns_ != 0) return;
  run_state_ = static_cast<uint8_t>(state);
  finished_ns_ = at_ns;
}

void JobHistory::CancelRequestedBy(const std::string& user) { words().cancel_user = user; }

void JobHistory::Record(const api::EventMessage& event) {
  using E = api::EventMessage;
  switch (event.events_case()) {
    case E::kSubmitted: {
      const auto& e = event.submitted();
      job_namespace_ = e.job().namespace_();
      priority_ = e.job().priority();
      submitted_ns_ = Nanos(e.created());
      Transition(api::QUEUED, submitted_ns_);
      break;
    }
    case E::kLeased: {
      const int64_t at = Nanos(event.leased().created());
      run_state_ = api::RUN_STATE_LEASED;
      leased_ns_ = at;
      pending_ns_ = started_ns_ = finished_ns_ = 0;
      Transition(api::LEASED, at);
      break;
    }
    case E::kPending: {
      const int64_t at = Nanos(event.pending().created());
      if (has_run()) {
        run_state_ = api::RUN_STATE_PENDING;
        pending_ns_ = at;
      }
      Transition(api::PENDING, at);
      break;
    }
    case E::kRunning: {
      const int64_t at = Nanos(event.running().created());
      if (has_run()) {
        run_state_ = api::RUN_STATE_RUNNING;
        started_ns_ = at;
      }
      Transition(api::RUNNING, at);
      break;
    }
    case E::kSucceeded: {
      const int64_t at = Nanos(event.succeeded().created());
      FinishRun(api::RUN_STATE_SUCCEEDED, at);
      Transition(api::SUCCEEDED, at);
      break;
    }
    case E::kFailed: {
      const int64_t at = Nanos(event.failed().created());
      // A preempted job's failed event comes after its run has finished.
      if (!has_run() || finished_ns_ == 0) words().error = event.failed().reason();
      FinishRun(api::RUN_STATE_FAILED, at);
      Transition(state() == api::PREEMPTED ? api::PREEMPTED : api::FAILED, at);
      break;
    }
    case E::kPreempted: {
      const int64_t at = Nanos(event.preempted().created());
      if (has_run() && finished_ns_ == 0) words().error = event.preempted().reason();
      FinishRun(api::RUN_STATE_PREEMPTED, at);
      Transition(api::PREEMPTED, at);
      break;
    }
    case E::kCancelled: {
      const auto& e = event.cancelled();
      const int64_t at = Nanos(e.created());
      FinishRun(api::RUN_STATE_CANCELLED, at);
      cancel_ns_ = at;
      Transition(api::CANCELLED, at);
      break;
    }
    case E::kCancelling:
      if (!event.cancelling().requestor().empty()) {
        CancelRequestedBy(event.cancelling().requestor());
      }
      break;
    case E::kReprioritized:
      priority_ = event.reprioritized().new_priority();
      break;
    default:
      break;
  }
}

api::JobRunDetails JobHistory::Run(const JobRef& job, const PodRef& pod) const {
  api::JobRunDetails run;
  run.set_run_id(pod.run_id);
  run.set_job_id(job.job_id);
  run.set_state(static_cast<api::JobRunState>(run_state_));
  run.set_cluster(pod.cluster_id);
  run.set_node(pod.node_name);
  SetTime(leased_ns_, &run, &api::JobRunDetails::mutable_leased_ts);
  SetTime(pending_ns_, &run, &api::JobRunDetails::mutable_pending_ts);
  SetTime(started_ns_, &run, &api::JobRunDetails::mutable_started_ts);
  SetTime(finished_ns_, &run, &api::JobRunDetails::mutable_finished_ts);
  return run;
}

api::JobDetails JobHistory::Details(const JobRef& job, const PodRef& pod, bool with_runs) const {
  api::JobDetails details;
  details.set_job_id(job.job_id);
  details.set_queue(job.queue);
  details.set_jobset(job.job_set_id);
  details.set_namespace_(job_namespace_);
  details.set_state(state());
  SetTime(submitted_ns_, &details, &api::JobDetails::mutable_submitted_ts);
  SetTime(cancel_ns_, &details, &api::JobDetails::mutable_cancel_ts);
  if (words_ != nullptr) {
    if (cancel_ns_ != 0) details.set_cancel_user(words_->cancel_user);
  }
  SetTime(last_transition_ns_, &details, &api::JobDetails::mutable_last_transition_ts);
  if (has_run()) {
    details.set_latest_run_id(pod.run_id);
    if (with_runs) *details.add_job_runs() = Run(job, pod);
  }
  return details;
}

}  // namespace armada::localstack
