// api.Event/GetJobSetEvents served with gRPC's callback API, so a watching
// stream holds no thread: it registers with the EventLog and a new event
// wakes it on the appending thread.
//
// Contract (the RPC's, see server.h): the job set's events after
// from_message_id, in order, one write in flight per stream; with watch the
// stream stays open for new events; errorIfMissing and an unknown job set is
// NOT_FOUND; an unknown message id is INVALID_ARGUMENT. Shutdown() ends every
// open stream with UNAVAILABLE (after the write in flight), so clients resume
// from their last message id against the next server; streams opened after it
// are UNAVAILABLE at once. Faults (faults.h) cut streams and delay events.
//
// Lock rules: EventStreams::mu_ may be held while taking a stream's mu_, never
// the reverse; a stream holds its mu_ while reading the log, but never while
// calling into gRPC (StartWrite, Finish). gRPC runs a reactor's OnWriteDone
// and OnDone on its own threads, never inside StartWrite or Finish, so
// Shutdown may finish streams under mu_ (a stream's OnDone waits for it).
#pragma once

#include <grpcpp/grpcpp.h>

#include <mutex>
#include <set>

#include "api/event.pb.h"
#include "localstack/config/faults.h"
#include "localstack/control/event_log.h"

namespace armada::localstack {

class EventStream;

class EventStreams {
 public:
  // `log` must outlive every stream, i.e. the gRPC server's Wait().
  EventStreams(EventLog& log, FaultConfig faults) : log_(log), faults_(faults) {}
  EventStreams(const EventStreams&) = delete;
  EventStreams& operator=(const EventStreams&) = delete;

  // A reactor serving `request`, or refusing it with `invalid` when that is
  // not OK; gRPC owns it until its OnDone.
  grpc::ServerWriteReactor<api::EventStreamMessage>* Open(const api::JobSetRequest& request,
                                                          grpc::Status invalid = grpc::Status::OK);

  // Ends every open stream with UNAVAILABLE and refuses new ones alike.
  void Shutdown();

  // How many streams are open (for tests).
  size_t open_count() const;

 private:
  friend class EventStream;
  void Closed(EventStream* stream);

  EventLog& log_;
  const FaultConfig faults_;
  mutable std::mutex mu_;
  bool shut_down_ = false;
  std::set<EventStream*> open_;
};

}  // namespace armada::localstack
