// Streams one job set's events from the start, surviving broken streams.
//
// Contract:
// - Calls GetJobSetEvents(queue, job set, watch=true) from the job set's
//   beginning and hands each message to the sink, in stream order, on the
//   thread that called Run.
// - When a stream that delivered new messages breaks (any end before Stop,
//   even an OK one, since a watch never ends by itself) it reconnects at
//   once from the last message id received: no event is lost, a message id
//   already delivered is never delivered again (delivered_ids.h says how,
//   without keeping every id), and a stream cut after
//   every message costs no sleep.
// - Only attempts that deliver nothing back off, by options.backoff (1, 2,
//   4, 8, 16 s by default) on a transient error (rpc_errors.h); once those
//   retries are spent Run returns a transport failure naming the attempts
//   and the last error. A permanent error (INVALID_ARGUMENT, NOT_FOUND,
//   UNAUTHENTICATED, ...) ends Run at once with the server's message.
// - When options.server_death says the server died (a --local child that
//   exited), a broken stream ends Run at once naming that death.
// - Stop, from any thread, ends Run promptly with an ok Status, also during
//   a backoff wait.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "api/event.pb.h"
#include "common/status.h"
#include "common/stop_signal.h"
#include "runner/backoff.h"
#include "runner/connection.h"
#include "runner/per_test_log.h"

namespace armada::runner {

struct WatchOptions {
  BackoffPolicy backoff;
  // Not owned; null means RealSleeper().
  Sleeper* sleeper = nullptr;
  // "" while the server lives (or when nobody knows), else how it died, e.g.
  // "armada-localstack was killed by signal 9". Empty function: unknown.
  std::function<std::string()> server_death;
};

class EventWatcher {
 public:
  using Sink = std::function<void(const api::EventStreamMessage&)>;

  EventWatcher(const Connection& connection, std::string queue, std::string job_set_id,
               TestLog& log, WatchOptions options = {});

  // Streams into sink until Stop, a permanent error, or the backoff's
  // retries spent.
  Status Run(const Sink& sink);

  // Ends Run: cancels the open stream and any backoff wait.
  void Stop();

  // How many times a broken stream was resumed so far (thread-safe).
  int resumes() const;

 private:
  // Opens one stream from last_id_ and reads it to its end; returns how it
  // ended.
  grpc::Status ReadStream(const Sink& sink);

  const Connection& connection_;
  const std::string queue_;
  const std::string job_set_id_;
  TestLog& log_;
  const WatchOptions options_;
  StopSignal stop_;
  std::string last_id_;
  mutable std::mutex mu_;
  grpc::ClientContext* open_context_ = nullptr;  // guarded by mu_
  int resumes_ = 0;                              // guarded by mu_
};

}  // namespace armada::runner
