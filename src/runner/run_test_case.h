// Runs one test case from start to end. Data flows one way: spec -> queue
// setup -> submitter -> watcher -> fan-out (event log, assertions, job
// progress, action trigger) -> verdict -> report.
//
// Contract:
// - The test passes when every job showed its expected events (with no
//   expected events: when every job has ended), every ingress its
//   ingressInfo events named answered (ingress_check.h), its action (if any)
//   ran without error, and its queue assertions hold; the queue assertions
//   run before the job set is cancelled, so activeInPool sees the jobs.
// - The watch starts once the first batch is accepted, while the later
//   batches are still being submitted (Armada's runner at v0.22.7 submits
//   them all first): jobs count (on_progress) as their batch is accepted,
//   and an action waits for the jobs of every batch.
// - It fails at once on a mismatch or a job ending early, in whichever
//   batch: the batches not yet submitted then never are. `timeout` (from
//   the test's start; none when 0) bounds the whole test, as in Armada's
//   runner: cut short in queue setup or submission it fails naming the step
//   ("timed out after 3s while submitting batch 2/5", "... while waiting
//   the interval (10000ms) before batch 2/5, 1 batch(es) submitted"), then,
//   as while watching, per group of the jobs submitted so far the events
//   received and those missing. The result's jobs are those submitted.
// - When stop fires it ends promptly and is reported interrupted, with
//   stop's reason.
// - Whatever happened, the job set is cancelled once submission began, and
//   the test's own queues are deleted.
// - REQUIRES: spec passes testcase::RunTimeRefusals (`validate` checks the
//   same rules with positions). A spec that does not is reported as an error
//   (could not run) naming every rule it breaks, in the same words, and
//   nothing is sent to the server; the parts below rely on it.
#pragma once

#include <functional>
#include <string>

#include "api/testspec.pb.h"
#include "common/stop_signal.h"
#include "report/result.h"
#include "runner/connection.h"
#include "runner/environment.h"
#include "runner/event_watcher.h"
#include "runner/job_progress.h"

namespace armada::runner {

// Receives a test's job counts each time an event changes them.
using ProgressCallback = std::function<void(const JobCounts&)>;

// The result of spec (loaded from file) with its identity filled in: the
// one place a TestResult is started, for a test that ran and for one that
// could not or was not run.
report::TestResult ResultOf(const api::TestSpec& spec, const std::string& file,
                            report::Outcome outcome, std::string message);

// The result of a test case that did not load (load_error: the loader's
// errors, in `validate`'s words): an error (could not run) whose message is
// "the test case does not load:" and those errors, logged as the test's
// verdict; nothing is sent to any server.
report::TestResult UnloadedResult(const api::TestSpec& spec, const std::string& file,
                                  const std::string& load_error);

// Runs spec (loaded from file) against connection; never throws. on_progress
// may be empty.
report::TestResult RunTestCase(const api::TestSpec& spec, const std::string& file,
                               const Connection& connection, const StopSignal& stop,
                               const WatchOptions& watch_options,
                               const ProgressCallback& on_progress,
                               const TestEnvironment& environment = {});

}  // namespace armada::runner
