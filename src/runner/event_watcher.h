// Streams one job set's events from the start, surviving broken streams.
//
// Contract:
// - Calls GetJobSetEvents(queue, job set, watch=true) from the job set's
//   beginning and hands each message to the sink, in stream order, on the
//   thread that called Run.
// - When the stream breaks (any end before Stop, even an OK one, since a
//   watch never ends by itself) it reconnects after an exponential backoff,
//   resuming from the last message id received: no event is lost, and a
//   message id already delivered is never delivered again.
// - Gives up after max_attempts consecutive failed attempts (a message
//   received resets the count) and returns the last error.
// - Stop, from any thread, ends Run promptly with an ok Status.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "api/event.pb.h"
#include "common/status.h"
#include "common/stop_signal.h"
#include "runner/connection.h"
#include "runner/test_log.h"

namespace armada::runner {

struct WatchOptions {
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{8000};
  int max_attempts = 6;
};

class EventWatcher {
 public:
  using Sink = std::function<void(const api::EventStreamMessage&)>;

  EventWatcher(const Connection& connection, std::string queue, std::string job_set_id,
               TestLog& log, WatchOptions options = {});

  // Streams into sink until Stop, or until reconnecting failed max_attempts
  // times in a row.
  Status Run(const Sink& sink);

  // Ends Run: cancels the open stream and any backoff wait.
  void Stop();

 private:
  // Opens one stream from from_id and reads it to its end; returns how it ended.
  grpc::Status ReadStream(const Sink& sink, bool* received_any);

  const Connection& connection_;
  const std::string queue_;
  const std::string job_set_id_;
  TestLog& log_;
  const WatchOptions options_;
  StopSignal stop_;
  std::string last_id_;
  std::mutex mu_;
  grpc::ClientContext* open_context_ = nullptr;
};

}  // namespace armada::runner
