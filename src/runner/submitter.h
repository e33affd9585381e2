// Submits a test's jobs, handing each accepted batch's job ids to on_batch.
//
// Contract:
// - num_batches batches, each batch_size copies of the spec's jobs, interval
//   apart (the first at once). One batch's request is built at a time, sent
//   and dropped before the next is built: memory holds at most one batch of
//   jobs, whatever num_batches is (the caller keeps the ids it needs).
// - Every copy without a client_id gets a fresh random one (so
//   randomClientId, which asks for that, is always in effect), set once per
//   batch: a batch retried after an ambiguous failure (gRPC retries
//   UNAVAILABLE and RESOURCE_EXHAUSTED, see connection.h) carries the same
//   ids, and Armada, deduplicating on client id, creates its jobs once. A
//   client_id the case gives is sent as it is.
// - A just-created queue may not be visible yet: NOT_FOUND (or Armada's
//   PERMISSION_DENIED "could not find queue") is retried every 500ms for up
//   to 15s.
// - A refusal whose google.rpc.ErrorInfo says NEEDS_KUBERNETES (armada-
//   localstack's, for services, kubectl images, service-account tokens) or
//   NEEDS_ROOT (limits it cannot enforce without root) ends submission with
//   an error and, when `skip_reason` is given, sets it to a sentence saying
//   why, for the caller to skip the test with. Any other INVALID_ARGUMENT
//   stays a plain error.
// - A rejected item, another error, or stop ends submission with an error;
//   stop's names its reason and the batch cut short ("timed out after 3s
//   while submitting batch 2/5"; between batches "... while waiting the
//   interval (10000ms) before batch 2/5, 1 batch(es) submitted"). A call in
//   flight ends by stop's StopAt time (a Stop lets it finish, so its answer
//   is not lost). Ids of every batch the server accepted (even one accepted
//   while stop fired) go to on_batch, so the caller can report and clean up.
// - on_batch is called on the caller's thread with each
//   accepted batch's job ids (those with an id, also when another item of
//   the batch was rejected) and the time the batch was first sent, before
//   the next batch is built: the caller's watch starts with the first batch.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "api/testspec.pb.h"
#include "common/status.h"
#include "common/stop_signal.h"
#include "runner/connection.h"
#include "runner/per_test_log.h"

namespace armada::runner {

// One accepted batch: its job ids and when it was first sent.
using BatchCallback = std::function<void(const std::vector<std::string>& job_ids,
                                         std::chrono::system_clock::time_point sent)>;

// Submits spec's batches, appending accepted job ids to *job_ids.
// REQUIRES: spec has jobs, batch_size >= 1 and num_batches >= 1 (the loader's
// defaults give 1; testcase/runnable.h refuses 0).
Status SubmitJobs(const api::TestSpec& spec, const Connection& connection, const StopSignal& stop,
                  TestLog& log, const BatchCallback& on_batch, std::string* skip_reason = nullptr);

// The sentence for a status that refuses a request as this server cannot
// run it (INVALID_ARGUMENT with an ErrorInfo of reason NEEDS_KUBERNETES, or
// FAILED_PRECONDITION with NEEDS_ROOT), or "".
std::string SkipReason(const grpc::Status& status);

}  // namespace armada::runner
