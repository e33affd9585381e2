// An in-process stand-in for an Armada server, for the runner's unit tests:
// api.Event serves a scripted event log and can break its streams on cue;
// api.Submit records what it is asked (submissions, job set cancels) and can
// refuse submissions;
// api.QueueService keeps a set of queues and can refuse some creations;
// api.Jobs answers GetActiveQueues with what the test set; api.Node records
// node cancels.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api/event.grpc.pb.h"
#include "api/job.grpc.pb.h"
#include "api/node.grpc.pb.h"
#include "api/submit.grpc.pb.h"
#include "runner/connection.h"

namespace armada::runner::testing {

class FakeArmada {
 public:
  // Starts listening on 127.0.0.1 on a free port.
  FakeArmada();
  ~FakeArmada();

  // host:port to connect to.
  std::string address() const;
  // A plaintext connection to this server.
  Connection Connect() const;

  // Appends an event to the job set log; its message id is its 1-based
  // position as a string. Open streams see it at once.
  void AppendEvent(const api::EventMessage& event);
  // The n-th stream opened (from 0) fails with UNAVAILABLE after sending
  // counts[n] messages; later streams run until cancelled.
  void BreakStreamsAfter(std::vector<int> counts);
  // Streams broken by BreakStreamsAfter end with this status (default
  // UNAVAILABLE "broken").
  void BreakStreamsWith(grpc::StatusCode code, std::string message);
  // Serve every stream from the start, whatever from_message_id says (a
  // server that resends).
  void IgnoreFromMessageId();
  // The from_message_id of each GetJobSetEvents call, in order.
  std::vector<std::string> FromIds() const;
  // Waits until n GetJobSetEvents streams have opened; false after timeout.
  bool WaitForStreams(size_t n, std::chrono::seconds timeout);

  // Send every message with an empty id (a server that sets none).
  void SendEmptyIds();

  // The first n SubmitJobs calls fail with code.
  void FailSubmits(int n, grpc::StatusCode code);
  // Runs hook inside every later SubmitJobs call, before it answers: what
  // happens while a submission is in flight.
  void DuringSubmit(std::function<void()> hook);
  // CreateQueues reports the last queue of each batch as failed (and does not
  // create it); the others in the batch are created.
  void FailLastQueueOfBatches();
  // The first n DeleteQueue calls fail with INTERNAL.
  void FailDeletes(int n);
  // The queues that exist now.
  std::vector<std::string> Queues() const;

  // The next n SubmitJobs calls create their jobs, then answer UNAVAILABLE
  // (an answer lost on the way back: the ambiguous failure).
  void LoseSubmitAnswers(int n);
  // Jobs created so far; an item whose client id the job set has seen
  // creates none, as in Armada.
  int JobsCreated() const;
  // Every SubmitJobs request that created jobs (answered or not), in order.
  std::vector<api::JobSubmitRequest> Submits() const;
  // How many SubmitJobs calls were made, failed or not.
  int SubmitCalls() const;
  // The job set of every CancelJobSet call, in order.
  std::vector<std::string> CancelledJobSets() const;

  // ReprioritizeJobs and PreemptJobs answer these per-job errors (job id ->
  // error) and "" for every other job.
  void SetPerJobErrors(std::map<std::string, std::string> errors);
  // Every api.Node CancelOnNode request, in order; hook (when set) runs in
  // each such call before it answers, e.g. to append the cancelled events.
  std::vector<api::NodeCancelRequest> NodeCancels() const;
  void DuringNodeCancel(std::function<void()> hook);
  // What api.Jobs/GetActiveQueues answers from now on: pool -> queues.
  void SetActiveQueues(std::map<std::string, std::vector<std::string>> by_pool);

 private:
  class EventService;
  class SubmitService;
  class QueueService;
  class JobsService;
  class NodeService;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<api::EventStreamMessage> log_;
  std::vector<int> break_after_;
  grpc::StatusCode break_code_ = grpc::StatusCode::UNAVAILABLE;
  std::string break_message_ = "broken";
  size_t streams_opened_ = 0;
  bool ignore_from_id_ = false;
  std::vector<std::string> from_ids_;
  int failing_submits_ = 0;
  grpc::StatusCode submit_failure_ = grpc::StatusCode::OK;
  int submit_calls_ = 0;
  std::function<void()> during_submit_;
  bool fail_last_queue_ = false;
  int failing_deletes_ = 0;
  std::set<std::string> queues_;
  std::vector<api::JobSubmitRequest> submits_;
  std::vector<std::string> cancelled_job_sets_;
  std::map<std::string, std::vector<std::string>> active_queues_;
  int lost_submit_answers_ = 0;
  bool empty_ids_ = false;
  std::map<std::string, std::string> per_job_errors_;
  std::vector<api::NodeCancelRequest> node_cancels_;
  std::function<void()> during_node_cancel_;
  int jobs_created_ = 0;
  std::map<std::pair<std::string, std::string>, std::string> by_client_id_;

  std::unique_ptr<EventService> events_;
  std::unique_ptr<SubmitService> submit_;
  std::unique_ptr<QueueService> queue_service_;
  std::unique_ptr<JobsService> jobs_service_;
  std::unique_ptr<NodeService> node_service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace armada::runner::testing
